// Property: for any bytes, finding the vDSO images in a kernel file (ScanForVdsoImages, which
// walks ELF headers, section and program headers, .dynsym, versions, hash tables and notes with
// ParseElf/AnalyzeVdsoImage) runs without crash or undefined behaviour (ASan+UBSan), never throws
// (bad content goes to `rejected`), and every image it accepts resolves its symbols consistently:
//   image-slice        the image's bytes are the input's bytes at source_offset, elf.extent long
//   reparse-agrees     analysing the image's bytes alone gives the same exported symbols
//                      (name, version, value, size) and the same extent
//   lookup-agrees      FindSymbol(name) of every exported symbol returns an exported symbol of
//                      that name, the first one in .dynsym order
// A broken property aborts with "vdsoconf-image-property: RULE: details".
//
// Seeds (made at test time by make_seeds.sh, never committed): the vDSO images of Debian's
// riscv64 kernel as extracted by `vdsoconf extract`, and a truncated copy.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <span>
#include <string>

#include "vdsoconf/riscv/image/kernel_scan.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace {

using vdsoconf::riscv::DynamicSymbol;
using vdsoconf::riscv::VdsoImage;

[[noreturn]] void Broken(const char* rule, const std::string& details) {
  std::fprintf(stderr, "vdsoconf-image-property: %s: %s\n", rule, details.c_str());
  std::abort();
}

bool SameSymbol(const DynamicSymbol& a, const DynamicSymbol& b) {
  return a.name == b.name && a.version == b.version && a.value == b.value && a.size == b.size;
}

void CheckImage(std::span<const std::uint8_t> input, const VdsoImage& image) {
  const std::uint64_t offset = image.source_offset;
  if (image.bytes.size() != image.elf.extent || offset > input.size() ||
      image.bytes.size() > input.size() - offset ||
      !std::equal(image.bytes.begin(), image.bytes.end(), input.begin() + offset)) {
    Broken("image-slice", "offset " + std::to_string(offset) + " bytes " +
                              std::to_string(image.bytes.size()) + " extent " +
                              std::to_string(image.elf.extent) + " input " +
                              std::to_string(input.size()));
  }
  const auto exported = image.ExportedSymbols();
  VdsoImage alone;
  try {
    alone = vdsoconf::riscv::AnalyzeVdsoImage(image.bytes, offset);
  } catch (const std::exception& e) {
    Broken("reparse-agrees", std::string("accepted in the kernel, rejected alone: ") + e.what());
  }
  const auto again = alone.ExportedSymbols();
  bool same = again.size() == exported.size() && alone.elf.extent == image.elf.extent;
  for (std::size_t i = 0; same && i < exported.size(); ++i)
    same = SameSymbol(exported[i], again[i]);
  if (!same) {
    Broken("reparse-agrees", std::to_string(exported.size()) + " symbols, extent " +
                                 std::to_string(image.elf.extent) + " in the kernel; " +
                                 std::to_string(again.size()) + " symbols, extent " +
                                 std::to_string(alone.elf.extent) + " alone");
  }
  for (const DynamicSymbol& symbol : exported) {
    const DynamicSymbol* found = image.elf.FindSymbol(symbol.name);
    const DynamicSymbol* first = nullptr;
    for (const DynamicSymbol& s : exported) {
      if (s.name == symbol.name) {
        first = &s;
        break;
      }
    }
    if (found == nullptr || !found->IsExported() || !SameSymbol(*found, *first)) {
      Broken("lookup-agrees",
             "'" + symbol.name + "' value " + std::to_string(symbol.value) + " -> " +
                 (found ? "'" + found->name + "' value " + std::to_string(found->value)
                        : std::string("not found")));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  vdsoconf::riscv::ScanResult result;
  try {
    result = vdsoconf::riscv::ScanForVdsoImages(input);
  } catch (const std::exception& e) {
    Broken("no-throw", e.what());
  }
  for (const VdsoImage& image : result.images) CheckImage(input, image);
  return 0;
}
