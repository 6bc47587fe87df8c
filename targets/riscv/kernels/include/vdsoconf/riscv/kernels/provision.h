// Provisioning any kernel spec: the one entry point the riscv64 Target's Provision uses.
#pragma once

#include <string_view>

#include "vdsoconf/riscv/kernels/kernel_spec.h"
#include "vdsoconf/riscv/kernels/source_build.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::riscv::kernels {

// Stores a kernel the user built (spec kind kPath) in the cache and returns it. The image must
// pass InspectKernelImageFile. The version comes from the build tree's
// include/config/kernel.release, else from the banner in the image, else "unknown"; the build
// tree's .config and vmlinux are kept when present. Throws InfraError when the image is missing
// or not a RISC-V Image, or the build tree is not a directory.
targets::ProvisionedKernel ProvisionUserKernel(const KernelSpec& spec);

// Parses `spec` (ParseKernelSpec) and provisions it: debian -> ProvisionDebianKernel, source ->
// ProvisionSourceKernel, path -> ProvisionUserKernel. A cached kernel is returned without network
// access once the suite's apt index is fresh (see PrivateApt::EnsureIndex) or the spec is a path.
// Throws InfraError (exit code 2) for a bad spec or any provisioning failure.
targets::ProvisionedKernel ProvisionKernel(std::string_view spec,
                                           const SourceBuildOptions& build_options = {});

}  // namespace vdsoconf::riscv::kernels
