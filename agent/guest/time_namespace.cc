#include "time_namespace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vdsoconf::agent {

bool SetTimeNamespaceOffsets(const TimeNamespaceOffsets& offsets, std::string& error) {
  const std::string text = "monotonic " + std::to_string(offsets.monotonic_sec) + " " +
                           std::to_string(offsets.monotonic_nsec) + "\nboottime " +
                           std::to_string(offsets.boottime_sec) + " " +
                           std::to_string(offsets.boottime_nsec) + "\n";
  const int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("open /proc/self/timens_offsets: ") + std::strerror(errno);
    return false;
  }
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (!written) error = std::string("write /proc/self/timens_offsets: ") + std::strerror(errno);
  close(fd);
  return written;
}

}  // namespace vdsoconf::agent
