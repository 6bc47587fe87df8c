// Target job: finding the vDSO images inside a kernel file (`vdsoconf extract`, and the input of
// check-image, exec and the differential fuzzer; the image fuzzer fuzzes Scan).
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
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::targets {

// A symbol an image exports, as its dynamic symbol table and version sections give it.
struct ImageSymbol {
  std::string name;
  std::string version;  // "" when unversioned
  std::uint64_t value = 0;
  std::uint64_t size = 0;

  friend bool operator==(const ImageSymbol&, const ImageSymbol&) = default;
};

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
  // Why Generation() is what it is (the facts that decided it, or why none did), for messages.
  virtual std::string GenerationReason() const = 0;
  // Pages of data (vvar) the image's code reads below the image; empty when its code tells none.
  virtual std::optional<std::uint64_t> VvarPages() const = 0;
  virtual bool IsCfiBuild() const = 0;
  // The image's length as its own headers give it: Bytes() is exactly this long.
  virtual std::uint64_t Extent() const = 0;
  // SHA-256 of Bytes(), lowercase hex.
  virtual std::string Sha256() const = 0;
  // The exported symbols, in the image's symbol-table order.
  virtual std::vector<ImageSymbol> ExportedSymbols() const = 0;
  // The exported symbol named `name` that a caller finds (the first in symbol-table order; the
  // executor's ImageSession::EntryOffset resolves names the same way), or nothing.
  virtual std::optional<ImageSymbol> FindExportedSymbol(std::string_view name) const = 0;
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

  // Every vDSO image in `contents`: what Extract does once it has read (and decompressed) the
  // file. Never throws for bad content: candidates that do not parse go to `rejected`. The image
  // fuzzer's entry point (fuzz/image).
  virtual ExtractedImages Scan(std::span<const std::uint8_t> contents) const = 0;

  // The image at the start of `bytes` alone (bytes after its extent are ignored), as if found at
  // `source_offset` of a kernel. Throws InfraError when the bytes are not one of the
  // architecture's images.
  virtual std::unique_ptr<ExtractedImage> Analyze(std::span<const std::uint8_t> bytes,
                                                  std::uint64_t source_offset) const = 0;
};

}  // namespace vdsoconf::targets
