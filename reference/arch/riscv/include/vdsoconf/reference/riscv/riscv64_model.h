// RISC-V's part of the reference model (reference/include/vdsoconf/reference/arch_model.h).
#pragma once

#include <cstdint>

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::ref::riscv {

// RISC-V's one clock mode (arch/riscv/include/asm/vdso/clocksource.h): the time CSR.
inline constexpr std::int32_t kClockModeArchtimer = 1;  // VDSO_CLOCKMODE_ARCHTIMER

const ArchModel& Riscv64Model();

}  // namespace vdsoconf::ref::riscv
