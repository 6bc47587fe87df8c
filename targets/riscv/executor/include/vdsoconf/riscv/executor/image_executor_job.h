// The riscv64 target's image executor job (vdsoconf/targets/image_executor.h): VdsoExecutor, one
// call at a time, behind the architecture-neutral interface.
#pragma once

#include <memory>

#include "vdsoconf/targets/image_executor.h"

namespace vdsoconf::riscv {

std::unique_ptr<targets::ImageExecutor> MakeImageExecutor();

}  // namespace vdsoconf::riscv
