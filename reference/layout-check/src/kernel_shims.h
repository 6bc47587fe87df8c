// The files kbuild would generate for the probe, written into a work directory (internal; see
// kernel_tree.h for the list and why each exists).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/layout.h"

namespace vdsoconf::layout_check::shims {

// The whole text of `path`, or an error naming it.
ref::Result<std::string> ReadFile(const std::string& path);

// "6.12.95" from the tree's Makefile (VERSION, PATCHLEVEL, SUBLEVEL).
ref::Result<std::string> KernelVersion(const std::string& source_dir);

// CONFIG_ name -> value for autoconf.h: the arch's base config, and what the tree's
// arch/<kernel_arch>/Kconfig selects.
ref::Result<std::map<std::string, std::string>> ProbeConfig(const ref::KernelHeaderBuild& arch,
                                                            const std::string& source_dir,
                                                            bool overflow_protect);

// Whether lib/vdso/Kconfig declares GENERIC_VDSO_OVERFLOW_PROTECT.
ref::Result<bool> TreeHasOverflowProtect(const std::string& source_dir);

// Writes autoconf.h, the asm-generic wrappers, unistd_64.h and vdso-offsets.h under work_dir.
// The include paths are work_dir/include and work_dir/arch/<kernel_arch>/include/generated{,/uapi}.
ref::Result<bool> WriteShims(const ref::KernelHeaderBuild& arch, const std::string& source_dir,
                             const std::string& work_dir,
                             const std::map<std::string, std::string>& config);

// The `enum NAME { ... };` definition copied from `file` of the tree.
ref::Result<std::string> ExtractEnum(const std::string& source_dir, const std::string& file,
                                     const std::string& name);

// The pages a vDSO linker script places (KernelHeaderBuild::vvar_pages_script), as C:
// `enum { lds_nr_pages = N, lds_SYMBOL = K, ... };` from `BASE = . - N * PAGE_SIZE;` and each
// `SYMBOL = BASE;` or `SYMBOL = BASE + [K *] PAGE_SIZE;`. Errors: the script is missing or has
// no `BASE = . - N * PAGE_SIZE;`.
ref::Result<std::string> ExtractScriptPages(const std::string& source_dir, const std::string& file,
                                            const std::string& base);

}  // namespace vdsoconf::layout_check::shims
