// Minimal kernels built from Debian's linux-source trees, for the architecture a KernelArch
// describes.
//
// The recipe, in a private build directory (make O=...; the shared source tree stays read-only):
//   make ARCH=<kbuild_arch> [CROSS_COMPILE=<cross_compile>] tinyconfig
//   scripts/kconfig/merge_config.sh -m .config <ComposeFragment(arch, line, variants)>
//   make olddefconfig, then VerifyConfig (every fragment option must have survived)
//   make -j<nproc> <image_target> (the release is read from include/config/kernel.release)
// Everything goes to build.log; each step has a deadline. The result is stored by StoreKernel
// under the index key IndexKey("source-<line>[+btf]", package version + fragment + variant), so
// a later request with the same inputs is a cache hit and builds nothing.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "vdsoconf/kernels/kernel_arch.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::kernels {

struct SourceBuildOptions {
  int jobs = 0;                            // make -j; 0: the number of online CPUs
  std::chrono::minutes build_timeout{30};  // for `make Image`
  bool keep_vmlinux = true;                // copy vmlinux into the entry if < 1 GiB
};

// The host programs a build of `spec` needs that are not in PATH, each with the Debian package
// that provides it ("pahole (dwarves)"). Empty when everything is there.
std::vector<std::string> MissingBuildTools(const KernelArch& arch, const KernelSpec& spec);

// Returns the cached kernel for `spec` (kind kSource), building it on a miss: fetches the source
// tree (ProvisionSourceTree), builds arch.image_path under CacheRoot()/builds/<key> while holding
// CacheRoot()/builds/<key>.lock (so one build per configuration runs at a time), stores the
// result, and removes the build directory. The metadata records kernelrelease, the
// linux-source package and version, the fragment and its SHA-256, the variant, the compiler
// (and pahole) version, the build time and job count. Throws InfraError when a tool is missing,
// a fragment option was dropped, or a step fails or times out; the message names the step and
// the saved log (CacheRoot()/logs/<key>.log) and quotes its tail. No entry is left behind.
targets::ProvisionedKernel ProvisionSourceKernel(const KernelArch& arch, const KernelSpec& spec,
                                                 const SourceBuildOptions& options = {});

}  // namespace vdsoconf::kernels
