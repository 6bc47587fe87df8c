#include "system_setup.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vdsoconf::agent {
namespace {

bool IsMountPoint(const char* path) {
  struct stat self {
  }, parent{};
  const std::string parent_path = std::string(path) + "/..";
  if (stat(path, &self) != 0 || stat(parent_path.c_str(), &parent) != 0) return false;
  return self.st_dev != parent.st_dev;
}

void MountIfNeeded(const char* source, const char* target, const char* type,
                   std::vector<std::string>& notes) {
  mkdir(target, 0755);
  if (IsMountPoint(target)) return;
  if (mount(source, target, type, MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    notes.push_back(std::string("mount ") + type + " on " + target + ": " + std::strerror(errno));
  }
}

int OpenConsole(std::vector<std::string>& notes) {
  if (fcntl(1, F_GETFD) >= 0) return 1;
  int fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0) return fd;
  mkdir("/dev", 0755);
  if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, nullptr) != 0) {
    notes.push_back(std::string("mount devtmpfs: ") + std::strerror(errno));
    mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
  }
  fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) notes.push_back(std::string("open /dev/console: ") + std::strerror(errno));
  return fd;
}

}  // namespace

SystemSetup PrepareSystem() {
  SystemSetup setup;
  setup.console_fd = OpenConsole(setup.notes);
  if (getpid() != 1) return setup;  // a test run on a host: its /proc and /sys are in place
  MountIfNeeded("proc", "/proc", "proc", setup.notes);
  MountIfNeeded("sysfs", "/sys", "sysfs", setup.notes);
  return setup;
}

void PowerOff() {
  sync();
  if (getpid() != 1) return;
  reboot(RB_POWER_OFF);
  // Still here: the kernel refused. Returning from init would panic the kernel, which the host
  // would misread as a kernel failure; wait for the host's timeout instead.
  for (;;) pause();
}

}  // namespace vdsoconf::agent
