#include "vdsoconf/riscv/image/vdso_image.h"

#include <algorithm>

#include "vdsoconf/core/sha256.h"

namespace vdsoconf::riscv {
namespace {

constexpr std::uint32_t kNtGnuPropertyType0 = 5;
constexpr std::uint32_t kGnuPropertyRiscvFeature1And = 0xc0000000;

std::uint32_t RiscvFeatures(const ElfFile& elf) {
  std::uint32_t features = 0;
  for (const auto& note : elf.notes) {
    if (note.owner != "GNU" || note.type != kNtGnuPropertyType0) continue;
    ByteView desc(note.description);
    // Properties: u32 type, u32 datasz, data padded to 8 (ELF64).
    for (std::uint64_t at = 0; at + 8 <= desc.size();) {
      const std::uint32_t type = desc.U32(at, "property type");
      const std::uint32_t size = desc.U32(at + 4, "property size");
      if (type == kGnuPropertyRiscvFeature1And && size >= 4)
        features |= desc.U32(at + 8, "property");
      at += 8 + (std::uint64_t{size} + 7) / 8 * 8;
    }
  }
  return features;
}

}  // namespace

std::vector<DynamicSymbol> VdsoImage::ExportedSymbols() const {
  std::vector<DynamicSymbol> result;
  for (const auto& s : elf.dynamic_symbols) {
    if (s.IsExported()) result.push_back(s);
  }
  return result;
}

VdsoImage AnalyzeVdsoImage(std::span<const std::uint8_t> bytes, std::uint64_t source_offset) {
  VdsoImage image;
  image.source_offset = source_offset;
  image.elf = ParseElf(bytes);
  if (image.elf.type != kEtDyn || image.elf.machine != kEmRiscv) {
    throw ImageFormatError("not a RISC-V shared object: e_type " + std::to_string(image.elf.type) +
                           ", e_machine " + std::to_string(image.elf.machine) +
                           " (a vDSO is ET_DYN=3, EM_RISCV=243)");
  }
  image.bytes.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(image.elf.extent));
  image.sha256 = Sha256Hex(
      std::string_view(reinterpret_cast<const char*>(image.bytes.data()), image.bytes.size()));
  std::uint64_t mapped_end = image.elf.extent;
  for (const auto& seg : image.elf.segments) {
    if (seg.type == 1) mapped_end = std::max(mapped_end, seg.address + seg.memory_size);
  }
  image.image_pages = (mapped_end + kPageSize - 1) / kPageSize;

  if (const ElfSection* text = image.elf.FindSection(".text")) {
    ByteView view(image.bytes);
    ByteView code = view.Sub(text->offset, text->size, ".text");
    image.code = AnalyzeCode(code.bytes(), text->address);
  } else {
    throw ImageFormatError("vDSO image has no .text section");
  }
  if (image.code.lowest_data_reference) {
    const auto below = static_cast<std::uint64_t>(-*image.code.lowest_data_reference);
    image.vvar_pages = (below + kPageSize - 1) / kPageSize;
  }
  image.cfi.feature_1_and = RiscvFeatures(image.elf);
  image.cfi.landing_pads = image.code.landing_pads;
  for (const auto& site : image.code.sites) {
    if (site.kind == SiteKind::kMayBeOp || site.kind == SiteKind::kCompressedMayBeOp) {
      ++image.cfi.shadow_stack_ops;
    }
  }
  for (const auto& note : image.elf.notes) {
    if (note.owner == "Linux" && note.type == 0 && note.description.size() == 4) {
      image.linux_version_code = ByteView(note.description).U32(0, "LINUX_VERSION_CODE");
    }
  }
  GuessGeneration(image);
  return image;
}

void GuessGeneration(VdsoImage& image) {
  if (!image.vvar_pages) {
    image.generation.reset();
    image.generation_reason = "no reference below the image: vvar size unknown";
    return;
  }
  const bool hwprobe = image.elf.FindSymbol("__vdso_riscv_hwprobe") != nullptr;
  const std::string pages = std::to_string(*image.vvar_pages) + " vvar pages";
  if (*image.vvar_pages > 2) {
    image.generation = ref::Generation::kLinux7_2;
    image.generation_reason = pages + " (time, timens, rng, arch data pages: 6.15+)";
  } else if (*image.vvar_pages == 2 && hwprobe) {
    image.generation = ref::Generation::kLinux6_12;
    image.generation_reason = pages + " and __vdso_riscv_hwprobe exported (6.5..6.14)";
  } else if (*image.vvar_pages == 2) {
    image.generation = ref::Generation::kLinux6_1;
    image.generation_reason = pages + ", no __vdso_riscv_hwprobe (..6.4)";
  } else {
    image.generation.reset();
    image.generation_reason = pages + ": no known generation has fewer than 2";
  }
}

}  // namespace vdsoconf::riscv
