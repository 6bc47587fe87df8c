// The checks of a live RISC-V kernel, from the guest agent's documents to named verdicts.
//
// EvaluateAgentRun is the entry point for the runner: it takes the agent's documents of one
// boot (BootOutcome.agent_results) and returns every check of the first probes, always the same
// ids in the same order, each pass/fail/skip/hang/error with evidence:
//   vvar.located, vdso.symbols, vvar.generation, vvar.plausible, vvar.seq_even,
//   vvar.clock_mode, vvar.mult_shift_vs_timebase, vvar.cycle_last_not_ahead, vvar.hrtimer_res,
//   vvar.basetime.{realtime,monotonic,boottime,tai,monotonic_raw,realtime_coarse,
//   monotonic_coarse}, vvar.timens,
//   vdso.diff.<entry>.<context> (live/diff_checks.h), vdso.fallback.<entry>
//   (live/fallback_checks.h)
//   stress.seqlock.{writer,monotonic,snapshots}, overflow.{max_cycles,update_gap},
//   timens.{offsets_applied,setns_restores}   (riscv_stress_checks.h)
//   vdso.mremap.<scenario>, bad_input.<entry>   (riscv_mremap_checks.h)
// A probe that hung turns its checks into kHang; a probe that crashed or reported an error, or
// evidence that is malformed, into kError. Never throws for anything in the documents.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/live/vvar_observation.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::targets::riscv {

struct LiveEvaluation {
  // The layout generation identified ("6.1", "6.12", "7.2"); empty when it could not be.
  std::string generation;
  std::vector<reports::CheckResult> checks;
};

LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents);

// "vvar.generation": the generation the kernel release implies (GenerationForRelease) has the
// [vvar] page count the agent found (VvarPageCount). Fails for an unknown release or a page
// count that does not match; the evidence has both.
reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages);

// "vvar.mult_shift_vs_timebase": with the device tree's timebase-frequency as the truth,
//   - the raw clock base (CS_RAW: tk->tkr_raw, never adjusted by NTP) holds exactly
//     RiscvClocksourceMultShift(timebase);
//   - the high-resolution base (CS_HRES_COARSE: tk->tkr_mono) has the same shift and a mult
//     within the clocksource's maxadj (11%) of it, the most the kernel lets NTP steer.
// Evidence includes ns per tick of both bases, 1e9/timebase and the hwprobe TIME_CSR_FREQ.
// Uses the first decoded snapshot. Error when the device tree has no timebase-frequency.
reports::CheckResult CheckMultShiftVsTimebase(const live::VvarDump& dump,
                                              const std::vector<ref::DecodedVvar>& decoded);

// "vvar.clock_mode": both clock bases hold ExpectedClockMode(current clocksource) in every
// snapshot. Error when the clocksource's name could not be read.
reports::CheckResult CheckClockMode(const live::VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded);

}  // namespace vdsoconf::targets::riscv
