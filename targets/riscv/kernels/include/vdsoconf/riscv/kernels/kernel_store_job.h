// The riscv64 target's kernel cache job (vdsoconf/targets/kernel_store.h): kernel specs,
// provisioning, the kernel store and source trees behind the architecture-neutral interface.
#pragma once

#include <memory>

#include "vdsoconf/targets/kernel_store.h"

namespace vdsoconf::riscv::kernels {

std::unique_ptr<targets::KernelStore> MakeKernelStore();

}  // namespace vdsoconf::riscv::kernels
