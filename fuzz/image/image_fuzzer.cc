// Property: for any bytes, finding the vDSO images in a kernel's contents with the architecture's
// image extraction (ImageExtractor::Scan; for riscv64 ScanForVdsoImages, which walks ELF headers,
// section and program headers, .dynsym, versions, hash tables and notes) runs without crash or
// undefined behaviour (ASan+UBSan), never throws (bad content goes to `rejected`), and every image
// it accepts resolves its symbols consistently:
//   image-slice        the image's bytes are the input's bytes at its source offset, as long as
//                      the extent its own headers give
//   reparse-agrees     analysing the image's bytes alone (ImageExtractor::Analyze) gives the same
//                      exported symbols (name, version, value, size) and the same extent
//   lookup-agrees      FindExportedSymbol(name) of every exported symbol returns an exported
//                      symbol of that name, the first one in symbol-table order
// A broken property aborts with "vdsoconf-image-property: RULE: details".
//
// The architecture is the Target $VDSOCONF_FUZZ_ARCH names (unset: the default target;
// vdsoconf/fuzz/fuzzed_target.h). Seeds (made at test time by make_seeds.sh, never committed):
// the vDSO images of the debian_kernel fixture's kernel as extracted by `vdsoconf extract`, and a
// truncated copy.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/fuzz/fuzzed_target.h"
#include "vdsoconf/targets/image_extractor.h"

namespace {

using vdsoconf::targets::ExtractedImage;
using vdsoconf::targets::ImageExtractor;
using vdsoconf::targets::ImageSymbol;

const ImageExtractor* extractor = nullptr;  // the fuzzed architecture's, for the whole run

[[noreturn]] void Broken(const char* rule, const std::string& details) {
  std::fprintf(stderr, "vdsoconf-image-property: %s: %s\n", rule, details.c_str());
  std::abort();
}

void CheckImage(std::span<const std::uint8_t> input, const ExtractedImage& image) {
  const std::uint64_t offset = image.SourceOffset();
  const std::span<const std::uint8_t> bytes = image.Bytes();
  if (bytes.size() != image.Extent() || offset > input.size() ||
      bytes.size() > input.size() - offset ||
      !std::equal(bytes.begin(), bytes.end(),
                  input.begin() + static_cast<std::ptrdiff_t>(offset))) {
    Broken("image-slice", "offset " + std::to_string(offset) + " bytes " +
                              std::to_string(bytes.size()) + " extent " +
                              std::to_string(image.Extent()) + " input " +
                              std::to_string(input.size()));
  }
  const std::vector<ImageSymbol> exported = image.ExportedSymbols();
  std::unique_ptr<ExtractedImage> alone;
  try {
    alone = extractor->Analyze(bytes, offset);
  } catch (const std::exception& e) {
    Broken("reparse-agrees", std::string("accepted in the kernel, rejected alone: ") + e.what());
  }
  const std::vector<ImageSymbol> again = alone->ExportedSymbols();
  if (again != exported || alone->Extent() != image.Extent()) {
    Broken("reparse-agrees", std::to_string(exported.size()) + " symbols, extent " +
                                 std::to_string(image.Extent()) + " in the kernel; " +
                                 std::to_string(again.size()) + " symbols, extent " +
                                 std::to_string(alone->Extent()) + " alone");
  }
  for (const ImageSymbol& symbol : exported) {
    const std::optional<ImageSymbol> found = image.FindExportedSymbol(symbol.name);
    const auto first = std::find_if(exported.begin(), exported.end(),
                                    [&](const ImageSymbol& s) { return s.name == symbol.name; });
    if (!found || *found != *first) {
      Broken("lookup-agrees",
             "'" + symbol.name + "' value " + std::to_string(symbol.value) + " -> " +
                 (found ? "'" + found->name + "' value " + std::to_string(found->value)
                        : std::string("not found")));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    extractor = &vdsoconf::fuzz::FuzzedTarget().Images();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vdsoconf-image: cannot start: %s\n", e.what());
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  vdsoconf::targets::ExtractedImages result;
  try {
    result = extractor->Scan(input);
  } catch (const std::exception& e) {
    Broken("no-throw", e.what());
  }
  for (const auto& image : result.images) CheckImage(input, *image);
  return 0;
}
