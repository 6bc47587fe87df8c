// Overflow protection of the live kernel: is max_cycles there, how far the live mult/shift are
// from wrapping, and does the kernel update the data well before that (reference/overflow.h).
#pragma once

#include <cstdint>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reference/vvar_state.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// "overflow.max_cycles": whether the time page carries max_cycles
// (CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT), read from the raw vvar `bytes` of `generation`: without
// the option the u64 after cycle_last is the clocksource mask; with it, that slot holds
// max_cycles = ClocksourceMaxCycles(mult, mask) and the mask follows. Passes when presence matches
// `expect_max_cycles` (what the generation and the architecture's config say); fails otherwise,
// and when neither reading fits. Error when the bytes do not decode.
reports::CheckResult CheckMaxCycles(const std::vector<std::uint8_t>& bytes,
                                    ref::Generation generation, bool expect_max_cycles);

// "overflow.update_gap": from the "vvar.update_gaps" samples, the longest time the kernel left
// the data un-updated (the largest gap between successive distinct cycle_last values, and the
// largest counter - cycle_last at a sample), against the overflow horizon of `time` (the decoded
// real time page: ComputeOverflowHorizon for clock[CS_HRES_COARSE] with its largest hres basetime
// nsec and for clock[CS_RAW]; the smaller one counts) in counter ticks and, with
// `timebase_hz`, seconds. Fails when the longest gap exceeds half the horizon (the margin the
// kernel itself keeps: max_idle_ns is half of clocks_calc_max_nsecs()), when cycle_last went
// backwards or ahead of the counter, or when no sample was consistent.
reports::CheckResult CheckUpdateGap(const ProbeDocument* gaps, const ref::VdsoTimePage& time,
                                    std::uint64_t timebase_hz);

}  // namespace vdsoconf::live
