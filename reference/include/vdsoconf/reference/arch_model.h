// One architecture's part of the reference model, found by name.
//
// The generic vDSO is one algorithm with per-architecture hooks (lib/vdso/gettimeofday.c); the
// model follows it: the readers, the writer, the seqlock and the C layout rules are generic
// (reference/src), and each architecture (reference/arch/<arch>/) supplies the vvar layout of each
// kernel generation and how kbuild compiles its headers, which the layout check needs to prove the
// layout against a kernel tree. The list of architectures is reference/src/all_arch_models.cc.
//
// Still to move here (issue #14): entry points, clock modes, counter hooks, arch-only entries
// (hwprobe) and bad-input tables, which reference/src holds for RISC-V alone today.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/layout.h"

namespace vdsoconf::ref {

// How kbuild compiles an architecture's kernel headers: what the layout check
// (reference/layout-check) needs to compile a probe against a linux-source tree as the kernel's
// own build would (-S only: nothing it builds runs).
struct KernelHeaderBuild {
  std::string kernel_arch;          // ARCH=, and the directory under arch/: "riscv"
  std::string compiler;             // the C compiler for that ARCH: "riscv64-linux-gnu-gcc"
  std::vector<std::string> cflags;  // kbuild's architecture flags (-mabi, -march, ...)
  // The CONFIG_ symbols every probe defines besides those the arch's Kconfig selects: the base
  // configuration that the Kconfig's conditional selects (`if MMU && 64BIT`) assume.
  std::map<std::string, std::string> base_config;
  // 6.x generations: the file that declares `enum vvar_pages` outside any header, which the probe
  // copies ("arch/riscv/kernel/vdso.c"); empty when the architecture has none.
  std::string vvar_pages_source;
  // 6.x generations, for an architecture whose vDSO linker script places the vvar pages: the
  // script and its base symbol. The check reads `BASE = . - N * PAGE_SIZE;` (the page count) and
  // each `SYMBOL = BASE;` / `SYMBOL = BASE + [K *] PAGE_SIZE;` (a page) from the tree's script
  // and gives them to the probe as the enumerators `lds_nr_pages` and `lds_SYMBOL`, which a
  // layout then names as its page symbols. Empty when the architecture has none.
  std::string vvar_pages_script;
  std::string vvar_pages_script_base;
  // 6.x generations: the macros besides the layout's kernel_page_count_symbol that must equal its
  // page count ("__VVAR_PAGES" of RISC-V's asm/vdso.h). (7.2: __VDSO_PAGES, for every arch.)
  std::vector<std::string> linux6_page_count_symbols;
  // Include guards the probe defines before its first header, so that the header each guards is
  // skipped: a header the generic headers include after every definition the probe measures, and
  // that only a full kernel build can compile (its generated headers need a real .config and
  // built objects). Skipping it can make the probe fail to compile, never change a value it
  // prints. x86 6.x: __ASM_VDSO_GETTIMEOFDAY_H, the vDSO's reader hooks, which
  // include/vdso/datapage.h includes at its very end. Empty for most architectures.
  std::vector<std::string> skipped_header_guards;
  // The headers and constants the probe checks for `layout` beyond the generic ones
  // (vdso/datapage.h, vdso/clocksource.h): the header that gives the page count, the value of the
  // architecture's clock modes, the sizes of its arch data.
  std::function<void(const Layout& layout, std::vector<std::string>& headers,
                     std::map<std::string, std::uint64_t>& constants)>
      add_facts;
  // C text the probe pastes after its headers, for `layout`: definitions the kernel builds only
  // from outside a header (x86 6.x: its asm/vvar.h re-read with EMIT_VVAR, as its linker script
  // does, to name the offsets of the structs in the vvar page). Optional.
  std::function<std::string(const Layout& layout)> probe_source;
};

class ArchModel {
 public:
  virtual ~ArchModel() = default;
  // The architecture's name, as its target's (targets::Target::Name): "riscv64".
  virtual std::string_view Name() const = 0;
  // The layout table of `variant` in this architecture's kernels. Errors as FindLayout's.
  virtual Result<const Layout*> FindLayout(LayoutVariant variant) const = 0;
  virtual const KernelHeaderBuild& HeaderBuild() const = 0;
};

// Every architecture the model knows, in a stable order.
const std::vector<const ArchModel*>& AllArchModels();
// The architecture named `name`, or nullptr.
const ArchModel* FindArchModel(std::string_view name);

}  // namespace vdsoconf::ref
