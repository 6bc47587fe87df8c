// Checks the vvar layout tables against a linux-source tree by compiling the kernel's own headers.
//
// The architecture (ref::ArchModel, its KernelHeaderBuild) says which arch/ directory, compiler,
// flags and base configuration kbuild would use. Nothing in the tree is built or modified: the
// tree is a shared, read-only cache. Everything kbuild would generate for the probe is written
// into a fresh work directory instead (ARCH stands for the arch's kernel_arch):
//   include/generated/autoconf.h    the CONFIG_ symbols below, and nothing else
//   arch/ARCH/include/generated/{asm,uapi/asm}/X.h   `#include <asm-generic/X.h>` wrappers for
//                                   every generic-y/mandatory-y header the arch does not provide
//                                   (arch/ARCH/include/asm/Kbuild, include/asm-generic/Kbuild and
//                                   their uapi twins), as scripts/Makefile.asm-headers does
//   .../uapi/asm/unistd_64.h        from scripts/syscall.tbl by the tree's scripts/syscallhdr.sh,
//                                   when the arch's uapi Kbuild lists it (6.11+)
//   include/generated/vdso-offsets.h  empty: asm/vdso.h includes it for vDSO symbol offsets,
//                                   which the layout does not use
// CONFIG_ symbols: the arch's base_config, and each option that shapes the vvar
// (HAVE_GENERIC_VDSO, GENERIC_GETTIMEOFDAY, GENERIC_VDSO_TIME_NS, ARCH_HAS_VDSO_DATA,
// ARCH_HAS_VDSO_TIME_DATA, ARCH_HAS_VDSO_ARCH_DATA, VDSO_GETRANDOM) exactly when
// arch/ARCH/Kconfig selects it; GENERIC_VDSO_OVERFLOW_PROTECT when the variant asks for it.
// The probe is compiled with the flags and include order kbuild uses (LINUXINCLUDE, -include
// compiler-version.h, kconfig.h, compiler_types.h; the arch's cflags), -S only. What the kernel
// declares outside headers is read from the tree's text: an enum of pages copied from a C file,
// or the pages a vDSO linker script places (KernelHeaderBuild::vvar_pages_script). Headers that
// only a full kernel build can compile and that the probe measures nothing of are skipped by
// their include guards (KernelHeaderBuild::skipped_header_guards), never shimmed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "vdsoconf/layout_check/probe.h"
#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::layout_check {

struct CheckOptions {
  // The C compiler; empty: the architecture's (KernelHeaderBuild::compiler).
  std::string compiler;
  // Parent of the per-check work directory; empty: $TMPDIR or /tmp.
  std::string work_parent;
  // Keep the work directory (probe.c, probe.s, shims) for inspection; otherwise it is removed.
  bool keep_work_dir = false;
  std::chrono::milliseconds compiler_timeout{std::chrono::seconds(60)};
};

struct TreeCheck {
  ref::LayoutVariant variant;
  std::string kernel_version;  // from the tree's Makefile: "6.12.95"
  Comparison comparison;
  std::chrono::milliseconds elapsed{0};
  std::string work_dir;  // set when kept
};

// Compares `layout` (normally FindLayout's, but any table: tests pass a corrupted copy) with the
// tree at `source_dir`. Besides the probe entries, the comparison includes
// "option GENERIC_VDSO_OVERFLOW_PROTECT": whether lib/vdso/Kconfig has it (kernel) versus
// HasOverflowProtectOption (model).
// Errors: source_dir is not a linux-source tree; the variant asks for overflow protection and
// the tree has no such option; a definition the probe needs is not found in the tree; the compiler
// is missing, fails (the message holds its output's tail) or passes the timeout.
ref::Result<TreeCheck> CheckLayoutAgainstTree(const ref::ArchModel& arch, const ref::Layout& layout,
                                              const std::string& source_dir,
                                              const CheckOptions& options = {});

// Every variant of `generation` (AllLayoutVariants) of `arch` against the tree; stops at the
// first error.
ref::Result<std::vector<TreeCheck>> CheckGenerationAgainstTree(const ref::ArchModel& arch,
                                                               ref::Generation generation,
                                                               const std::string& source_dir,
                                                               const CheckOptions& options = {});

}  // namespace vdsoconf::layout_check
