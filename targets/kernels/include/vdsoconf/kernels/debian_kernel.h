// Debian's prebuilt kernels of an architecture (linux-binary-<abi>-<flavour>, from the
// architecture's suite through the private apt), provisioned into the kernel cache.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/kernels/kernel_arch.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::kernels {

// Orders kernel versions like "7.2.13+deb14" naturally: runs of digits compare as numbers,
// everything else byte by byte. Returns <0, 0 or >0.
int CompareKernelVersions(std::string_view a, std::string_view b);

// Among package names (any names; only "linux-binary-<abi>-<flavour>" count), the one `wanted`
// selects: "latest" = the highest abi; an exact abi ("7.2.13+deb14"); or a prefix ("7.2" matches
// abis starting "7.2." or "7.2+", the highest wins). nullopt when none matches.
std::optional<std::string> ChooseDebianKernelPackage(const std::vector<std::string>& names,
                                                     std::string_view wanted,
                                                     std::string_view flavour);

// Resolves `spec` (kind kDebian) against the current index of arch.debian_kernel_suite and returns
// the cached kernel, downloading linux-binary-<abi>-<flavour> (the image,
// usr/lib/modules/<abi>-<flavour>/vmlinuz, stored as the entry's "Image") and
// linux-base-<abi>-<flavour> (its config, when the suite has it) on a cache miss. The metadata
// records the package name, exact package version, the abi, the suite and mirror, and the .deb's
// SHA-256. Throws InfraError when nothing matches (the message lists what the suite has) or a
// download fails; no entry is left behind then.
targets::ProvisionedKernel ProvisionDebianKernel(const KernelArch& arch, const KernelSpec& spec);

}  // namespace vdsoconf::kernels
