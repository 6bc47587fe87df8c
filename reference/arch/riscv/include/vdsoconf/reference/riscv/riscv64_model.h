// RISC-V's part of the reference model (reference/include/vdsoconf/reference/arch_model.h).
#pragma once

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::ref::riscv {

const ArchModel& Riscv64Model();

}  // namespace vdsoconf::ref::riscv
