// Building the mutants of a kernel line into vdso.so images, with the unpatched baseline built
// the same way as the control.
//
// The recipe (one lock per line; the shared source tree is never written):
//   1. the line's linux-source tree (kernels::ProvisionSourceTree), read-only
//   2. a hard-link copy of it under CacheRoot()/mutant-work/linux-<line>/src (link_farm.h)
//   3. make O=<work>/build ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- tinyconfig, the project's
//      fragment (kernels::ComposeFragment, checked with kernels::VerifyConfig), olddefconfig
//   4. make arch/riscv/kernel/vdso/vdso.o: the cheapest target that makes Kbuild link and strip
//      vdso.so (vdso.o incbins it; `prepare` alone stops at vdso.so.dbg, and vdso.so is not a
//      single target Kbuild accepts). That image is the baseline.
//   5. per mutant: patch (dry run first), check the patched files no longer share an inode with
//      the shared tree, rebuild the same target incrementally, copy vdso.so out, reverse the patch
// Every image must pass VdsoImageProblems, and every mutant's .text must differ from the
// baseline's: a patch that still applies but no longer changes code fails loudly.
// Results are cached, each image its own entry (PublishOnce) under
// CacheRoot()/mutants/linux-<line>/<name>-<key>, where the key hashes the source package version,
// the config fragment, the compiler version, the recipe version and (for a mutant) the patch.
// The work directory is removed afterwards, so a fully cached run builds nothing.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/riscv/mutants/catalog.h"

namespace vdsoconf::riscv::mutants {

struct BuiltImage {
  std::string name;            // the mutant's name, or "baseline"
  std::filesystem::path path;  // the vdso.so in the cache entry
  std::string sha256;          // of that file
  bool from_cache = false;     // true when this run did not build it
};

struct MutantBuild {
  std::string line;             // "7.2"
  std::string package_version;  // of linux-source-<line>, "7.2.13-1"
  BuiltImage baseline;
  std::vector<BuiltImage> mutants;  // in MutantsFor(line) order
  std::chrono::milliseconds elapsed{0};
};

struct MutantBuildOptions {
  int jobs = 0;                           // make -j; 0: the number of online CPUs
  std::chrono::minutes step_timeout{15};  // per make invocation
  std::chrono::minutes lock_timeout{60};  // waiting for another build of the same line
};

// The host programs a mutant build needs that are not in PATH, each with its Debian package.
std::vector<std::string> MissingMutantBuildTools();

// Builds (or finds in the cache) the baseline and every mutant of `line`. Throws InfraError for
// a line without mutants (naming the lines that have some), a missing tool, a patch that does
// not apply (patch's explanation quoted), a shared tree that a patch would modify, a failed or
// timed-out make step (log saved as CacheRoot()/logs/mutants-linux-<line>.log, tail quoted), an
// image that is not a valid vDSO, or a mutant whose .text equals the baseline's. Images
// published before the failure stay valid cache entries. Progress goes to stderr.
MutantBuild BuildMutants(std::string_view line, const MutantBuildOptions& options = {});

// BuildMutants for a given set instead of MutantsFor(line) (each Mutant's `line` is ignored):
// how tests show that a patch which does not change code, or does not apply, is rejected.
// Requires a non-empty set with unique names other than "baseline".
MutantBuild BuildMutantSet(std::string_view line, const std::vector<Mutant>& mutants,
                           const MutantBuildOptions& options = {});

}  // namespace vdsoconf::riscv::mutants
