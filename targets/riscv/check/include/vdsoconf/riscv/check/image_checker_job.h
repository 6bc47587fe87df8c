// The riscv64 target's check-image job (vdsoconf/targets/image_checks.h): the registered checks
// (image_check.h) run by CheckImage (image_checker.h) behind the architecture-neutral interface.
#pragma once

#include <memory>

#include "vdsoconf/targets/image_checks.h"

namespace vdsoconf::riscv::check {

std::unique_ptr<targets::ImageChecker> MakeImageChecker();

}  // namespace vdsoconf::riscv::check
