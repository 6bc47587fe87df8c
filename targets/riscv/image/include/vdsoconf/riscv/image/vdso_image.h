// One RISC-V vDSO image and what vdsoconf learns from its bytes alone.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/reference/generation.h"
#include "vdsoconf/riscv/image/elf_file.h"
#include "vdsoconf/riscv/image/riscv_code.h"

namespace vdsoconf::riscv {

inline constexpr std::uint64_t kPageSize = 4096;

// How the image was built with respect to RISC-V CFI (arch/riscv/kernel/vdso_cfi, 6.18+): the
// CFI build compiles the same sources with _zicfilp_zicfiss and -fcf-protection=full, which
// leaves a GNU property note with GNU_PROPERTY_RISCV_FEATURE_1_AND, lpad at function entries and
// shadow-stack may-be-ops.
struct CfiEvidence {
  std::uint32_t feature_1_and = 0;  // the property's bits: 1 = ZICFILP, 2 = ZICFISS
  std::uint32_t landing_pads = 0;   // lpad instructions in .text
  std::uint32_t shadow_stack_ops = 0;
  // True when the GNU property says ZICFILP or ZICFISS, or the code has landing pads.
  bool IsCfiBuild() const { return feature_1_and != 0 || landing_pads != 0; }
};

struct VdsoImage {
  std::vector<std::uint8_t> bytes;  // exactly `elf.extent` bytes, as found
  std::uint64_t source_offset = 0;  // where in the kernel file (after decompression) it starts
  ElfFile elf;
  CodeFacts code;
  CfiEvidence cfi;
  // Pages the image occupies when mapped: the kernel maps vdso_start..vdso_end, page aligned.
  std::uint64_t image_pages = 0;
  // Pages between the start of the vvar area and the image, derived from the lowest
  // pc-relative reference into memory below the image (the vvar area starts on a page
  // boundary and the kernel's first data page, time data, is the one read by every clock
  // reader). Empty when the code makes no reference below the image.
  std::optional<std::uint64_t> vvar_pages;
  // LINUX_VERSION_CODE from the "Linux" note (note.S: ELFNOTE(Linux, 0, LINUX_VERSION_CODE)).
  std::optional<std::uint32_t> linux_version_code;
  std::string sha256;

  // The layout generation these facts point to, and why; empty when they do not decide it.
  std::optional<ref::Generation> generation;
  std::string generation_reason;

  // Exported symbols, in .dynsym order.
  std::vector<DynamicSymbol> ExportedSymbols() const;
};

// Analyses an ELF64 RISC-V ET_DYN image at the start of `bytes` (trailing bytes allowed: the
// image ends at its extent). Throws ImageFormatError when it is not one or is corrupt.
VdsoImage AnalyzeVdsoImage(std::span<const std::uint8_t> bytes, std::uint64_t source_offset = 0);

// The generation guess from exported symbols and vvar page count:
//   vvar > 2 pages                                   -> 7.2 (vdso_time_data + rng + arch pages)
//   2 pages and __vdso_riscv_hwprobe exported        -> 6.12 (arch_data holds the hwprobe cache)
//   2 pages without __vdso_riscv_hwprobe              -> 6.1
// Overflow protection (max_cycles) is not decided here.
void GuessGeneration(VdsoImage& image);

}  // namespace vdsoconf::riscv
