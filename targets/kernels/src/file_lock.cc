#include "vdsoconf/kernels/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <thread>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {

FileLock::FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout,
                   const std::string& what) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw InfraError("cannot create lock file " + path.string() + ": " + std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool told = false;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int saved = errno;
      ::close(fd_);
      throw InfraError("cannot lock " + path.string() + ": " + std::strerror(saved));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      throw InfraError("gave up waiting for " + what + ": " + path.string() +
                       " is still locked by another vdsoconf after " +
                       std::to_string(timeout.count() / 1000) + " s");
    }
    if (!told) {
      std::cerr << "vdsoconf: waiting for another vdsoconf (" << what << ")\n";
      told = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace vdsoconf::kernels
