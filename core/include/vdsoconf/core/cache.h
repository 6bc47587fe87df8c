// The on-disk cache: where provisioned kernels, unpacked sources and downloads live.
//
// Location: $VDSOCONF_CACHE_DIR if set, else $XDG_CACHE_HOME/vdsoconf, else ~/.cache/vdsoconf.
// Entries are published atomically: an entry is built in a private staging directory next to
// its final place and renamed into place only when complete, so an interrupted download or
// build never leaves a half-filled entry that a later run would trust.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace vdsoconf {

// The cache root (created if missing).
std::filesystem::path CacheRoot();

// Returns `final_path` if it exists. Otherwise calls `fill(staging)` with an empty staging
// directory on the same file system, and on success renames staging to `final_path` (if another
// process published it first, that entry wins and the staging copy is removed). If `fill`
// throws, the staging directory is removed and the exception propagates: nothing is published.
std::filesystem::path PublishOnce(const std::filesystem::path& final_path,
                                  const std::function<void(const std::filesystem::path&)>& fill);

// Removes a directory tree, ignoring a missing one.
void RemoveTree(const std::filesystem::path& path);

}  // namespace vdsoconf
