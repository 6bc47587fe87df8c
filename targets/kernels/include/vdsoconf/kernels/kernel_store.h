// The provisioned-kernel cache: content-addressed entries plus a small index from what was
// asked for to the entry that answers it.
//
//   CacheRoot()/kernels/<origin>/<image sha256>/Image the bootable image, whatever the
//                                                     architecture calls it (origin: debian,
//                                                     source or user; see StoreKernel)
//                                     /metadata.json  version, origin, sha256, provenance
//                                     /config         the kernel's .config, when known
//                                     /vmlinux        for BTF and symbols, when kept
//                                     /build.log      source builds: the full make output
//   CacheRoot()/kernels/index/<key>.json              {"key", "origin", "sha256"}: a resolved
//                                                     request
//
// Entries are published whole (PublishOnce); the index is written after its entry exists, by
// rename, so a reader sees either no answer or a complete one. The layout and the keys do not
// depend on the architecture: a key's material (package version and SHA-256, the fragment text)
// already differs between architectures.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/kernels/kernel_arch.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::kernels {

// The files of a kernel about to be stored; optional ones may be empty paths.
struct KernelFiles {
  std::filesystem::path image;
  std::filesystem::path config;
  std::filesystem::path vmlinux;
  std::filesystem::path build_log;
};

// An index key: `readable` (made path-safe) + "-" + the first 16 hex digits of
// sha256(`material`). `material` is everything the result depends on.
std::string IndexKey(std::string_view readable, std::string_view material);

// Copies `files` into the entry named by the origin and the Image's SHA-256 (unless it already
// exists: then that entry, with the metadata of the request that created it, answers), with
// `metadata` plus "image_sha256", "image_size", "image_header_version", "efi_stub" and
// "provisioned_at" added, then points index `key` at it. Requires `metadata` to have "spec",
// "version" and "origin" (strings). Throws InfraError if the image is not a bootable image of
// `arch` (InspectKernelImageFile) or the entry cannot be written; nothing is published then.
targets::ProvisionedKernel StoreKernel(const KernelArch& arch, const KernelFiles& files,
                                       nlohmann::json metadata, const std::string& key);

// The entry index `key` points at, if both exist and the entry loads; `spec` becomes the
// returned kernel's spec.
std::optional<targets::ProvisionedKernel> FindIndexed(const std::string& key,
                                                      const std::string& spec);

// Reads an entry's metadata.json. Throws InfraError when it is missing or malformed.
targets::ProvisionedKernel LoadKernel(const std::filesystem::path& entry_dir);

// Every complete entry in the cache, sorted by origin then version. Unreadable entries are
// skipped (staging directories are never listed).
std::vector<targets::ProvisionedKernel> ListKernels();

}  // namespace vdsoconf::kernels
