// Target job: finding the vDSO images inside a kernel file (`vdsoconf extract`, and the input of
// check-image and exec).
//
// An image is the architecture's own analysis of the bytes (its ELF machine, code patterns, CFI
// markers); outside the architecture it is this handle. The architecture's executor and checks
// take it back as they made it, so nothing is parsed twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace vdsoconf::targets {

class ExtractedImage {
 public:
  virtual ~ExtractedImage() = default;

  // The image's name within its kernel: "vdso-<index in file order>", plus "-cfi" for a CFI
  // build. `vdsoconf extract` writes it as NAME.so; check-image reports it.
  virtual std::string Name() const = 0;
  virtual std::span<const std::uint8_t> Bytes() const = 0;
  // Where in the kernel file (after decompression) the image starts.
  virtual std::uint64_t SourceOffset() const = 0;
  virtual std::size_t ExportedSymbolCount() const = 0;
  // The vvar layout generation the image's facts point to ("7.2"), or "unknown".
  virtual std::string Generation() const = 0;
  virtual bool IsCfiBuild() const = 0;
  // The stable JSON description `vdsoconf extract` writes into vdso-images.json, its "file" being
  // `file_name`. The keys are the architecture's (symbols, sizes, sha256, vvar pages, ...).
  virtual nlohmann::json Describe(const std::string& file_name) const = 0;
};

struct ExtractedImages {
  std::vector<std::unique_ptr<ExtractedImage>> images;  // in file order
  // Candidates that looked like the architecture's images but did not parse (offset + reason).
  std::vector<std::string> rejected;
};

class ImageExtractor {
 public:
  virtual ~ImageExtractor() = default;

  // Every vDSO image in `kernel_file`: any container the architecture's kernels come in
  // (compressed or not), or a standalone vdso.so. Throws InfraError naming the file when it
  // cannot be read or holds no image (not a kernel, truncated, stripped of its vDSO).
  virtual ExtractedImages Extract(const std::filesystem::path& kernel_file) const = 0;
};

}  // namespace vdsoconf::targets
