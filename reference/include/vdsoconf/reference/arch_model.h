// One architecture's part of the reference model, found by name.
//
// The generic vDSO is one algorithm with per-architecture hooks (lib/vdso/gettimeofday.c); the
// model follows it: the readers, the writer, the seqlock and the C layout rules are generic
// (reference/src), and each architecture (reference/arch/<arch>/) supplies the vvar layout of each
// kernel generation and how kbuild compiles its headers, which the layout check needs to prove the
// layout against a kernel tree. The list of architectures is reference/src/all_arch_models.cc.
//
// It also gives the entry points its vDSO exports per generation (entry_points.h) with their
// symbol version and syscall numbers, what its own entries do, the bad-input cases of the entry
// points it writes itself (bad_input_behaviour.h), and its clock modes; its own vvar data is
// modelled by its folder too (arch_vvar_data.h lists it). Still to move here (issue #14): the
// counter hooks (vdso_clocksource_ok, vdso_cycles_ok, the counter read).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/bad_input_behaviour.h"
#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/reference/generation.h"
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

// One value of enum vdso_clock_mode that the architecture adds (VDSO_ARCH_CLOCKMODES in its
// asm/vdso/clocksource.h): {"ARCHTIMER", 1} on RISC-V; TSC 1, PVCLOCK 2, HVCLOCK 3 on x86.
struct ArchClockMode {
  std::string_view name;  // without VDSO_CLOCKMODE_
  std::int32_t value = 0;
};

class ArchModel {
 public:
  virtual ~ArchModel() = default;
  // The architecture's name, as its target's (targets::Target::Name): "riscv64".
  virtual std::string_view Name() const = 0;
  // The layout table of `variant` in this architecture's kernels. Errors as FindLayout's.
  virtual Result<const Layout*> FindLayout(LayoutVariant variant) const = 0;
  virtual const KernelHeaderBuild& HeaderBuild() const = 0;

  // ---- Entry points and bad input (entry_points.h, bad_input_behaviour.h) ----
  // The entry points the vDSO of `generation` exports, in its linker script's order, each with
  // its symbol version and syscall number. Never empty.
  virtual std::span<const EntryPoint> EntryPoints(Generation generation) const = 0;
  // For an entry of its own (EntryBehaviour::kArchOwn) named `name`: whether its ordinary call
  // (valid arguments, flags 0: the call vdso.fallback makes) issues its syscall in a kernel with
  // CONFIG_SMP = `config_smp`; false when the vDSO answers it itself.
  virtual bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp) const = 0;
  // The bad-input cases of the entry points the architecture writes itself (not lib/vdso's:
  // getcpu, its own entries), each entry's in the order the probe runs them. Their conditions
  // read the facts named by ArchBadInputFacts. Default: none.
  virtual std::span<const BadInputCase> ArchBadInputCases() const { return {}; }
  // The facts of the running kernel its cases' conditions read that a live run cannot observe
  // and assumes to hold (BadInputContext::failing_arch_facts names those that do not); the live
  // check records each in its evidence as "<fact>_assumed". Default: none.
  virtual std::span<const std::string_view> AssumedBadInputFacts() const { return {}; }

  // The entry named `name` in `generation`, or nullptr if that vDSO does not export it.
  const EntryPoint* FindEntryPoint(Generation generation, std::string_view name) const;

  // --- Clock modes and messages (the vvar data policy, issue #14 item 2) ---
  // How messages name the architecture: "RISC-V".
  virtual std::string_view DisplayName() const = 0;
  // The architecture's own clock modes, between VDSO_CLOCKMODE_NONE and VDSO_CLOCKMODE_TIMENS,
  // in enum order; never empty (an architecture without one has no high-resolution vDSO). The
  // first is the counter a running kernel of the architecture gives the vDSO (RISC-V's time CSR,
  // x86's TSC): CounterClockMode.
  virtual std::span<const ArchClockMode> ClockModes() const = 0;
  // The mode of a clocksource the vDSO reads the architecture's counter under: what a model
  // writer, a fuzzer or a test state that wants "a running clock" writes.
  std::int32_t CounterClockMode() const { return ClockModes().front().value; }
};

// Whether `mode` is one a kernel of `arch` writes: VDSO_CLOCKMODE_NONE, VDSO_CLOCKMODE_TIMENS or
// one of arch.ClockModes().
bool IsKnownClockMode(const ArchModel& arch, std::int32_t mode);
// "0 (NONE), 1 (ARCHTIMER) or 0x7fffffff (TIMENS)": the modes of IsKnownClockMode, for messages.
std::string KnownClockModesText(const ArchModel& arch);

// The architecture of the calls that do not name one yet (FindLayout(variant), Validate(state)):
// the one architecture the model had before ArchModel, until every caller names its own.
const ArchModel& ArchOfUnnamedCalls();

// Every architecture the model knows, in a stable order.
const std::vector<const ArchModel*>& AllArchModels();
// The architecture vdsoconf works on when none is named: the default target's
// (targets::DefaultTarget).
const ArchModel& DefaultArchModel();
// The architecture named `name`, or nullptr.
const ArchModel* FindArchModel(std::string_view name);

}  // namespace vdsoconf::ref
