// Provisioning any kernel spec of an architecture: the two doors, one path behind them.
//
// ProvisionKernel is the kernel cache's door (`vdsoconf kernels fetch/build`, check-image, exec,
// extract, fuzz: KernelStore::Provision). ProvisionBootableKernel is the boot door
// (Target::Provision, `vdsoconf run`): it also takes a file named without a ':' and checks with
// the architecture's quick boot check that the file is a kernel its machine boots, so a wrong
// file is named as Boot names it.
#pragma once

#include <string>
#include <string_view>

#include "vdsoconf/kernels/kernel_arch.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/kernels/source_build.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::kernels {

// Stores a kernel the user built (spec kind kPath) in the cache and returns it. The image must
// pass arch.inspect_image. The version comes from the build tree's include/config/kernel.release,
// else from the banner in the image, else "unknown"; the build tree's .config and vmlinux are
// kept when present. Throws InfraError when the image is missing or not a bootable image of the
// architecture, or the build tree is not a directory.
targets::ProvisionedKernel ProvisionUserKernel(const KernelArch& arch, const KernelSpec& spec);

// Parses `spec` (ParseKernelSpec) and provisions it: debian -> ProvisionDebianKernel, source ->
// ProvisionSourceKernel, path -> ProvisionUserKernel. A cached kernel is returned without network
// access once the suite's apt index is fresh (see PrivateApt::EnsureIndex) or the spec is a path.
// The result's architecture is arch.kbuild_arch. Throws InfraError (exit code 2) for a bad spec
// or any provisioning failure.
targets::ProvisionedKernel ProvisionKernel(const KernelArch& arch, std::string_view spec,
                                           const SourceBuildOptions& build_options = {});

// ProvisionKernel for booting. "path:FILE", or an existing file named without a ':', is first
// checked with arch.why_not_bootable, then stored as a user kernel (its absolute path) and
// returned with `spec` as given; any kernel is checked with arch.why_not_bootable after it is
// provisioned. Throws InfraError with that check's message, or as ProvisionKernel does.
targets::ProvisionedKernel ProvisionBootableKernel(const KernelArch& arch, const std::string& spec);

// Why ProvisionBootableKernel would refuse the form of `spec` (Target::WhyNotKernelSpec); empty
// when it is a spec or a path. No I/O beyond asking whether a path exists.
std::string WhyNotKernelSpec(const KernelArch& arch, const std::string& spec);

}  // namespace vdsoconf::kernels
