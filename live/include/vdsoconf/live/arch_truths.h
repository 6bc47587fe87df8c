// What the checks of a live kernel need to know of its architecture: the truths derived from
// sources independent of the vvar pages (the kernel release, the current clocksource, the
// counter's frequency), the architecture-only check, its reference model and the entry points
// the probes call. Each architecture fills one (targets/<arch>/agent/host/) and hands it to
// EvaluateAgentRun (agent_run_checks.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/live/own_entry_checks.h"
#include "vdsoconf/live/vdso_checks.h"
#include "vdsoconf/live/vvar_observation.h"
#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

struct ArchTruths {
  // The vvar layout generation a kernel release uses; nullopt for a release the model does not
  // cover (then every check that needs a model is an error).
  std::optional<ref::Generation> (*generation_for_release)(std::string_view release) = nullptr;
  // The [vvar] page count of a generation.
  std::uint32_t (*vvar_page_count)(ref::Generation generation) = nullptr;
  // The entry points the vDSO of a generation exports, with their versions.
  std::vector<ExpectedSymbol> (*expected_symbols)(ref::Generation generation) = nullptr;
  // The vdso_clock_mode the kernel stores for a clocksource (0: VDSO_CLOCKMODE_NONE).
  std::int32_t (*expected_clock_mode)(std::string_view clocksource) = nullptr;
  // "vvar.mult_shift_vs_timebase": the vvar's mult/shift against the architecture's own
  // evidence of the counter's frequency (VvarDump::timebase_frequency and what else it dumps).
  reports::CheckResult (*check_mult_shift)(const VvarDump& dump,
                                           const std::vector<ref::DecodedVvar>& decoded) = nullptr;
  // Why the counter's frequency is missing from a dump (the error of overflow.update_gap).
  std::string_view missing_counter_frequency;
  // Whether the kernel selects GENERIC_VDSO_OVERFLOW_PROTECT (max_cycles in the layout).
  bool overflow_protect = false;
  // Whether every kernel booted is SMP (the fallback model's getcpu expectation).
  bool smp = true;

  // ---- Entry points (own_entry_checks.h) ----
  // The architecture's reference model: the entry points of each generation, what its own ones
  // do, its bad-input cases, its clock modes (the stress checks' writer invariants)
  // (ref::FindArchModel of its name).
  const ref::ArchModel* model = nullptr;
  // The entry points the probes call, in the order of their documents (the guest's
  // arch::EntryPoints()): the order of the checks vdso.diff.<key>.<context>,
  // vdso.fallback.<key> and bad_input.<key>.
  std::span<const LiveEntry> entries;
};

// The entry of `arch` whose key is `key`, or nullptr.
const LiveEntry* FindLiveEntry(const ArchTruths& arch, std::string_view key);

}  // namespace vdsoconf::live
