#include "vdsoconf/core/cache.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf {

namespace fs = std::filesystem;

fs::path CacheRoot() {
  fs::path root;
  if (const char* dir = std::getenv("VDSOCONF_CACHE_DIR"); dir && *dir) {
    root = dir;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    root = fs::path(xdg) / "vdsoconf";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    root = fs::path(home) / ".cache" / "vdsoconf";
  } else {
    throw InfraError("no cache directory: set VDSOCONF_CACHE_DIR, XDG_CACHE_HOME or HOME");
  }
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw InfraError("cannot create cache directory " + root.string() + ": " + ec.message());
  return root;
}

void RemoveTree(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

fs::path PublishOnce(const fs::path& final_path,
                     const std::function<void(const fs::path&)>& fill) {
  if (fs::exists(final_path)) return final_path;
  fs::create_directories(final_path.parent_path());
  fs::path staging = final_path.parent_path() /
                     (".staging-" + final_path.filename().string() + "-" + std::to_string(getpid()));
  RemoveTree(staging);
  fs::create_directories(staging);
  try {
    fill(staging);
  } catch (...) {
    RemoveTree(staging);
    throw;
  }
  std::error_code ec;
  fs::rename(staging, final_path, ec);
  if (ec) {
    RemoveTree(staging);
    if (!fs::exists(final_path)) {
      throw InfraError("cannot publish cache entry " + final_path.string() + ": " + ec.message());
    }
  }
  return final_path;
}

}  // namespace vdsoconf
