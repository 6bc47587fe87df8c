// An exclusive advisory lock on a file, held for the lifetime of the object.
//
// Provisioning steps that must not run twice at once on the same cache entry (an apt index
// update, unpacking one source tree, building in one build directory) take one of these. The
// lock is flock(2) on a file next to the entry, so a crashed holder releases it automatically.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace vdsoconf::kernels {

class FileLock {
 public:
  // Blocks until the lock on `path` is held (creating the file and its parent directory if
  // needed). Throws InfraError naming `what` and the lock file if it is still held by someone
  // else after `timeout`, or if the file cannot be created.
  FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout,
           const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace vdsoconf::kernels
