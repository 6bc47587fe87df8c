// The verdicts of the "stress.seqlock" probe (or "stress.seqlock_long", the opt-in profile):
// seqlock readers on every hart against a writer that steps and slews the clock (document format:
// agent/guest/stress_seqlock.h).
#pragma once

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// "stress.seqlock.writer": the writer really stepped and slewed the clock (at least one
// clock_settime, one ADJ_FREQUENCY and one ADJ_OFFSET_SINGLESHOT, no call failed) and put
// REALTIME back within 5 ms of where it was against MONOTONIC, beyond the delays the guest
// measured around its own calls (a host that stalls the guest between the agent's MONOTONIC
// read and the kernel's set moves the target, not the kernel's error). Every run of the stress
// (the guest repeats a run whose reader starved) is judged. Fails otherwise: the other two
// checks then prove less than they claim. Evidence (all three checks): "seqlock_retries", one
// number per reader thread (its retries plus odd-seq events; the HTML report plots it) and
// "seqlock_readers", per reader {reader, cpu, pinned, sections, odd_seq, retries}.
reports::CheckResult CheckSeqlockWriter(const ProbeDocument* stress);

// "stress.seqlock.monotonic": no clock went backwards across threads, through the vDSO or the
// syscall: MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE and BOOTTIME over the whole run, REALTIME,
// REALTIME_COARSE and TAI between the writer's steps; and no vDSO or syscall read of these clocks
// failed. Fails with every clock that did (its worst step, both values, which path) as the
// reproducer; a failure in any run of the stress counts. Inconclusive when no run failed and a
// reader of the last run checked nothing (the host starved its hart in every run).
reports::CheckResult CheckSeqlockMonotonic(const ProbeDocument* stress);

// "stress.seqlock.snapshots": every consistent copy of the time page (seq even and unchanged
// around it) decodes as `variant` and satisfies WriterInvariantViolations (with `arch`'s clock
// modes: ArchTruths::model); across each reader's copies, seq and cycle_last never decrease.
reports::CheckResult CheckSeqlockSnapshots(const ProbeDocument* stress, ref::LayoutVariant variant,
                                           const ref::ArchModel* arch = nullptr);

}  // namespace vdsoconf::live
