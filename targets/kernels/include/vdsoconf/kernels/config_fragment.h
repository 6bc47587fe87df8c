// Kernel config fragments: the minimal set of options the suite needs, kept as data files in
// each architecture's folder (KernelArch::fragment_dir) and compiled into the program
// (targets/kernels/EmbedConfigFragments.cmake).
//
// A source build is tinyconfig + ComposeFragment(line, variants), merged with the kernel's
// scripts/kconfig/merge_config.sh and completed by `make olddefconfig`. Kconfig silently drops an
// option whose dependencies are not met, so afterwards every option of the fragment is checked
// against the resulting .config (MissingOptions) and the build fails naming the dropped ones.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/kernels/kernel_arch.h"

namespace vdsoconf::kernels {

// The fragment for a source build: "common", then the line's own fragment if there is one
// ("6.12"), then each variant's ("btf", "nojumplabel") in the order given. Each part is preceded
// by a "# --- name ---" line. A later part may override an option of an earlier one.
// Parts the architecture has no fragment for are left out.
std::string ComposeFragment(const KernelArch& arch, std::string_view line,
                            const std::vector<std::string>& variants = {});

// The option assignments of a fragment or .config, in order: "CONFIG_X" -> "y" / "m" / "\"str\""
// / "123", and "n" for "# CONFIG_X is not set". Other comments and blank lines are skipped.
std::vector<std::pair<std::string, std::string>> ConfigAssignments(std::string_view text);

// The fragment's assignments that `dot_config` does not have with the same value, one
// human-readable item each (for an option assigned twice, its last value is the one wanted):
// "CONFIG_SECCOMP_FILTER=y (.config: not set)". An option missing from .config counts as "n". Empty
// when every option survived.
std::vector<std::string> MissingOptions(std::string_view fragment, std::string_view dot_config);

// Throws InfraError listing MissingOptions (and `build_dir`, where .config is) unless it is empty;
// the message says to add the dependency to `fragment_dir`.
void VerifyConfig(std::string_view fragment, std::string_view dot_config,
                  const std::string& build_dir, std::string_view fragment_dir);

}  // namespace vdsoconf::kernels
