#include "document_channel.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vdsoconf::agent {
namespace {

constexpr char kVirtioPorts[] = "/sys/class/virtio-ports";
constexpr char kHvc0[] = "/dev/hvc0";
constexpr unsigned kHvcMajor = 229;  // Documentation/admin-guide/devices.txt: "Hypervisor console"

bool HasVirtioPort() {
  DIR* dir = opendir(kVirtioPorts);
  if (dir == nullptr) return false;
  bool found = false;
  while (const dirent* entry = readdir(dir)) {
    if (std::strncmp(entry->d_name, "vport", 5) == 0) found = true;
  }
  closedir(dir);
  return found;
}

// The tty would turn every "\n" into "\r\n" and could echo; the frames need neither.
void MakeRaw(int fd) {
  termios mode{};
  if (tcgetattr(fd, &mode) != 0) return;
  cfmakeraw(&mode);
  tcsetattr(fd, TCSANOW, &mode);
}

}  // namespace

DocumentChannel OpenDocumentChannel(int console_fd, std::vector<std::string>& notes) {
  const DocumentChannel serial{console_fd, "console"};
  if (getpid() != 1) return serial;
  if (!HasVirtioPort()) {
    notes.push_back(
        "no virtio console (no port in /sys/class/virtio-ports): documents go to the "
        "serial console, several times slower");
    return serial;
  }
  mkdir("/dev", 0755);
  if (access(kHvc0, F_OK) != 0) mknod(kHvc0, S_IFCHR | 0600, makedev(kHvcMajor, 0));
  const int fd = open(kHvc0, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    notes.push_back(std::string("open ") + kHvc0 + ": " + std::strerror(errno) +
                    ": documents go to the serial console, several times slower");
    return serial;
  }
  MakeRaw(fd);
  return {fd, "hvc0"};
}

}  // namespace vdsoconf::agent
