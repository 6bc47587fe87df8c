#include "vdsoconf/riscv/image/image_extractor_job.h"

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/image/image_summary.h"
#include "vdsoconf/riscv/image/kernel_scan.h"

namespace vdsoconf::riscv {
namespace {

targets::ExtractedImages Wrap(ScanResult scan) {
  targets::ExtractedImages extracted;
  extracted.rejected = std::move(scan.rejected);
  for (std::size_t i = 0; i < scan.images.size(); ++i) {
    extracted.images.push_back(std::make_unique<ExtractedVdsoImage>(std::move(scan.images[i]), i));
  }
  return extracted;
}

targets::ImageSymbol ToImageSymbol(const DynamicSymbol& symbol) {
  return {symbol.name, symbol.version, symbol.value, symbol.size};
}

class ImageExtractorJob final : public targets::ImageExtractor {
 public:
  targets::ExtractedImages Extract(const std::filesystem::path& kernel_file) const override {
    return Wrap(ExtractVdsoImages(kernel_file));
  }

  targets::ExtractedImages Scan(std::span<const std::uint8_t> contents) const override {
    return Wrap(ScanForVdsoImages(contents));
  }

  std::unique_ptr<targets::ExtractedImage> Analyze(std::span<const std::uint8_t> bytes,
                                                   std::uint64_t source_offset) const override {
    return std::make_unique<ExtractedVdsoImage>(AnalyzeVdsoImage(bytes, source_offset), 0);
  }
};

}  // namespace

ExtractedVdsoImage::ExtractedVdsoImage(VdsoImage image, std::size_t index)
    : image_(std::move(image)), index_(index) {}

std::string ExtractedVdsoImage::Name() const {
  return "vdso-" + std::to_string(index_) + (image_.cfi.IsCfiBuild() ? "-cfi" : "");
}

std::size_t ExtractedVdsoImage::ExportedSymbolCount() const {
  return image_.ExportedSymbols().size();
}

std::vector<targets::ImageSymbol> ExtractedVdsoImage::ExportedSymbols() const {
  std::vector<targets::ImageSymbol> symbols;
  for (const DynamicSymbol& symbol : image_.ExportedSymbols()) {
    symbols.push_back(ToImageSymbol(symbol));
  }
  return symbols;
}

std::optional<targets::ImageSymbol> ExtractedVdsoImage::FindExportedSymbol(
    std::string_view name) const {
  const DynamicSymbol* symbol = image_.elf.FindSymbol(name);
  if (symbol == nullptr || !symbol->IsExported()) return std::nullopt;
  return ToImageSymbol(*symbol);
}

std::string ExtractedVdsoImage::Generation() const {
  return image_.generation ? std::string(ref::GenerationName(*image_.generation)) : "unknown";
}

nlohmann::json ExtractedVdsoImage::Describe(const std::string& file_name) const {
  return SummarizeImage(image_, file_name);
}

const VdsoImage& NativeImage(const targets::ExtractedImage& image) {
  const auto* native = dynamic_cast<const ExtractedVdsoImage*>(&image);
  if (native == nullptr) {
    throw InfraError("vDSO image " + image.Name() + " was not extracted by the riscv64 target");
  }
  return native->image();
}

std::unique_ptr<targets::ImageExtractor> MakeImageExtractor() {
  return std::make_unique<ImageExtractorJob>();
}

}  // namespace vdsoconf::riscv
