// Unpacked kernel source trees from Debian's linux-source-X packages, kept in the vdsoconf cache.
//
// Each tree is unpacked once per package version and never modified afterwards: kernel builds
// use it read-only with `make O=<build dir>`, and other components read its headers as the
// ground truth. The package version is part of the entry's name, so a new upload in the suite
// becomes a new entry rather than changing a tree someone is reading.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "vdsoconf/kernels/kernel_arch.h"

namespace vdsoconf::kernels {

// The architecture's release for `line` (KernelArch::source_releases), or nullptr.
const SourceRelease* FindSourceRelease(const KernelArch& arch, std::string_view line);

// The architecture's lines, for messages: "6.1, 6.12, 7.2".
std::string KnownSourceLines(const KernelArch& arch);

struct SourceTree {
  std::string line;             // "6.12"
  std::string package_version;  // "6.12.95-1~bpo12+1"
  std::filesystem::path root;   // absolute; contains Makefile, arch/, include/ ...
};

// Returns the unpacked tree of linux-source-<line>, fetching (private apt, see private_apt.h) and
// unpacking it into CacheRoot()/sources/ the first time. The package is the same for every
// architecture (Architecture: all), so is the entry; the architecture only decides which lines
// are known and which private apt (CachedApt) is asked. The entry is published atomically
// (PublishOnce), under a lock so concurrent callers unpack it once. Throws InfraError for an
// unknown line (the message lists the known ones), a package missing from the suite, or a failed
// download or unpack; in those cases no entry is left behind. Progress goes to stderr.
SourceTree ProvisionSourceTree(const KernelArch& arch, std::string_view line);

}  // namespace vdsoconf::kernels
