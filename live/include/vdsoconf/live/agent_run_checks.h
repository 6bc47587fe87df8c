// The checks of a live kernel, from the guest agent's documents to named verdicts.
//
// EvaluateAgentRun is the entry point for an architecture's Target::Evaluate: it takes the
// agent's documents of one boot (BootOutcome.agent_results) and the architecture's truths
// (arch_truths.h) and returns every check, always the same ids in the same order, each
// pass/fail/skip/hang/error with evidence:
//   vvar.located, vdso.symbols, vvar.generation, vvar.plausible, vvar.seq_even,
//   vvar.clock_mode, vvar.mult_shift_vs_timebase, vvar.cycle_last_not_ahead, vvar.hrtimer_res,
//   vvar.basetime.{realtime,monotonic,boottime,tai,monotonic_raw,realtime_coarse,
//   monotonic_coarse}, vvar.timens,
//   stress.seqlock.{writer,monotonic,snapshots}, overflow.{max_cycles,update_gap},
//   timens.{offsets_applied,setns_restores}                     (agent_run_groups.h)
//   vdso.mremap.<scenario>, bad_input.<entry>                   (agent_run_groups.h)
//   vdso.diff.<entry>.<context> (diff_checks.h), vdso.fallback.<entry> (fallback_checks.h)
// A probe that hung turns its checks into kHang; a probe that crashed or reported an error, or
// evidence that is malformed, into kError. Never throws for anything in the documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/live/vvar_observation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

struct LiveEvaluation {
  // The layout generation identified ("6.1", "6.12", "7.2"); empty when it could not be.
  std::string generation;
  std::vector<reports::CheckResult> checks;
};

LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents, const ArchTruths& arch);

// "vvar.generation": the generation the kernel release implies has the [vvar] page count the
// agent found. Fails for an unknown release or a page count that does not match; the evidence
// has both.
reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages,
                                         const ArchTruths& arch);

// "vvar.clock_mode": both clock bases hold the mode the current clocksource implies in every
// snapshot. Error when the clocksource's name could not be read.
reports::CheckResult CheckClockMode(const VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded,
                                    const ArchTruths& arch);

}  // namespace vdsoconf::live
