// The baseline /init (`vdsoconf run --trivial-init`): it mounts nothing, says it is there and
// powers off. Booting with it measures what a boot costs by itself, the denominator of every
// live suite's cost. Its one line is an agent heartbeat frame, so the host sees /init reached.
#include <sys/reboot.h>
#include <unistd.h>

int main(void) {
  static const char kLine[] = "@@VDSOCONF1 H trivial init reached@@\n";
  (void)!write(1, kLine, sizeof kLine - 1);
  sync();
  reboot(RB_POWER_OFF);
  return 0;
}
