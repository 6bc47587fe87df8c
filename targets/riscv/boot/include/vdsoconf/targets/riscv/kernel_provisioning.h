// The boot component's one door to kernel provisioning (targets/riscv/kernels).
#pragma once

#include <string>

#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets::riscv {

// Resolves `spec` into a kernel on disk. "path:FILE" or an existing file path is a user kernel
// used in place (origin "user", version "unknown" unless the kernels component tells better);
// "debian:..." and "source:..." go to the kernels component. Throws InfraError for an unknown
// spec form, a missing file, or a provisioning failure.
ProvisionedKernel ProvisionKernel(const std::string& spec);

// Why ProvisionKernel would refuse the form of `spec` (Target::WhyNotKernelSpec); empty when it
// is a spec or a path. No I/O beyond asking whether a path exists.
std::string WhyNotKernelSpec(const std::string& spec);

}  // namespace vdsoconf::targets::riscv
