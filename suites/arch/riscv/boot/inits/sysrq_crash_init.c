// Forces a real kernel panic from user space: sysrq 'c' calls panic("sysrq triggered crash").
#include <fcntl.h>

#include "init_common.h"

int main(void) {
  WriteLine("@@VDSOCONF1 H crashing via sysrq@@");
  MountProc();
  int fd = open("/proc/sysrq-trigger", O_WRONLY);
  if (fd >= 0) (void)!write(fd, "c", 1);
  WriteLine("sysrq-trigger did not crash the kernel");
  PowerOff();
  return 0;
}
