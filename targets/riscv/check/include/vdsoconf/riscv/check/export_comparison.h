// The image's exported symbols against the model's entry-point table (ref::riscv::VdsoEntryPoints):
// the comparisons behind check-image.entry_points and check-image.time, as pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/reference/generation.h"
#include "vdsoconf/riscv/image/elf_file.h"

namespace vdsoconf::riscv::check {

// One line per difference between the exported functions (STT_FUNC) in `symbols` and the entry
// points of `generation`: "<name> is exported but ...", "<name> has version 'X', model
// LINUX_4.15", "<name> is not exported". Empty when they agree exactly.
std::vector<std::string> CompareExports(ref::Generation generation,
                                        std::span<const DynamicSymbol> symbols);

// RISC-V's vDSO has no time() (no VDSO_HAS_TIME): the name of an exported __vdso_time or
// __kernel_time, or nullopt.
std::optional<std::string> ExportedTime(std::span<const DynamicSymbol> symbols);

}  // namespace vdsoconf::riscv::check
