// The riscv64 target's image extraction job (vdsoconf/targets/image_extractor.h): kernel_scan.h
// behind the architecture-neutral interface.
#pragma once

#include <cstddef>
#include <memory>

#include "vdsoconf/riscv/image/vdso_image.h"
#include "vdsoconf/targets/image_extractor.h"

namespace vdsoconf::riscv {

// A VdsoImage found by the job, kept whole so that the executor and the checks use the very
// analysis extraction made.
class ExtractedVdsoImage final : public targets::ExtractedImage {
 public:
  ExtractedVdsoImage(VdsoImage image, std::size_t index);

  std::string Name() const override;
  std::span<const std::uint8_t> Bytes() const override { return image_.bytes; }
  std::uint64_t SourceOffset() const override { return image_.source_offset; }
  std::size_t ExportedSymbolCount() const override;
  std::string Generation() const override;
  std::string GenerationReason() const override { return image_.generation_reason; }
  std::optional<std::uint64_t> VvarPages() const override { return image_.vvar_pages; }
  bool IsCfiBuild() const override { return image_.cfi.IsCfiBuild(); }
  std::uint64_t Extent() const override { return image_.elf.extent; }
  std::string Sha256() const override { return image_.sha256; }
  std::vector<targets::ImageSymbol> ExportedSymbols() const override;
  std::optional<targets::ImageSymbol> FindExportedSymbol(std::string_view name) const override;
  nlohmann::json Describe(const std::string& file_name) const override;

  const VdsoImage& image() const { return image_; }

 private:
  VdsoImage image_;
  std::size_t index_;
};

// The VdsoImage behind `image`. Throws InfraError when another target extracted it.
const VdsoImage& NativeImage(const targets::ExtractedImage& image);

std::unique_ptr<targets::ImageExtractor> MakeImageExtractor();

}  // namespace vdsoconf::riscv
