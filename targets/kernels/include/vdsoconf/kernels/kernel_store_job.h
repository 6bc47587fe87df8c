// An architecture's kernel cache job (vdsoconf/targets/kernel_store.h): kernel specs,
// provisioning, the kernel store and source trees behind the architecture-neutral interface, for
// the architecture `arch` describes.
#pragma once

#include <memory>

#include "vdsoconf/kernels/kernel_arch.h"
#include "vdsoconf/targets/kernel_store.h"

namespace vdsoconf::kernels {

// `arch` must outlive the store (it is an architecture's static data).
std::unique_ptr<targets::KernelStore> MakeKernelStore(const KernelArch& arch);

}  // namespace vdsoconf::kernels
