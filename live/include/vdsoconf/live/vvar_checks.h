// Checks of the live vvar data against truths taken independently of it, from the "vvar.dump"
// probe (vvar_observation.h) and its snapshots decoded by the reference codec.
//
// Every function takes the parsed dump and the decoded snapshots (one DecodedVvar per
// snapshot, same order) and returns named CheckResults with the values involved as evidence and,
// on failure, a reproducer. Architecture-neutral: clock bases and basetime slots are the generic
// vDSO's (include/vdso/datapage.h); the counter is whatever the agent read next to the syscalls.
#pragma once

#include <cstdint>
#include <vector>

#include "vdsoconf/live/vvar_observation.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// "vvar.seq_even": the writer's seqlock is even whenever the kernel is not updating, i.e. the
// seq never stays odd. Fails when an odd seq is seen in two consecutive seq samples (taken ~1 ms
// apart, while an update takes microseconds), or when the last sample is odd. A single odd
// sample between two different values is an update in flight and is allowed.
reports::CheckResult CheckSeqEven(const VvarDump& dump);

// "vvar.cycle_last_not_ahead": in every snapshot, for both clock bases (CS_HRES_COARSE, CS_RAW)
// whose clock_mode is not NONE, cycle_last <= (counter read right after the copy) & mask. The
// writer stores a counter value it read before publishing, so a later read can never be behind.
reports::CheckResult CheckCycleLastNotAhead(const VvarDump& dump,
                                            const std::vector<ref::DecodedVvar>& decoded);

// Tolerance of the high-resolution basetime checks, in nanoseconds. The bracket itself is exact
// for a syscall and a copy in the same timekeeping epoch; across an update, NTP's +-1 steps of
// mult over less than a tick move the extrapolation by far less than this. A wrong basetime is
// off by at least a tick (>= 1 ms for HZ <= 1000) or by whole seconds.
inline constexpr std::int64_t kBasetimeToleranceNs = 1000;

// "vvar.basetime.<clock>" for realtime, monotonic, boottime, tai, monotonic_raw (high
// resolution) and realtime_coarse, monotonic_coarse. Uses the quiet snapshots only (seq even and
// unchanged across the copy).
//   High resolution: the clock at counter c is basetime + ((c - cycle_last) * mult >> shift). A
//   syscall bracketed by counter reads c0 <= c <= c1 must then lie in [value(c0) - 1 ns,
//   value(c1)] (truncation); deviation beyond kBasetimeToleranceNs fails. Skipped when the base's
//   clock_mode is NONE (the kernel then leaves these basetimes stale on purpose). The check
//   cannot see an error smaller than the bracket (the syscall's duration: ~10-20 us under TCG).
//   Coarse: the basetime is the clock itself at the last update, so the coarse syscall before the
//   copy <= basetime <= the coarse syscall after it, exactly.
std::vector<reports::CheckResult> CheckBasetimes(const VvarDump& dump,
                                                 const std::vector<ref::DecodedVvar>& decoded);

// "vvar.hrtimer_res": hrtimer_res in the time data equals the clock_getres(CLOCK_MONOTONIC)
// syscall's answer (the kernel's hrtimer_resolution feeds both).
reports::CheckResult CheckHrtimerRes(const VvarDump& dump,
                                     const std::vector<ref::DecodedVvar>& decoded);

// "vvar.plausible": no snapshot holds a value a kernel could not have written (ref::Validate:
// shift >= 64, unknown clock mode, non-boolean flags, members the layout lacks) and no padding
// byte is non-zero. A failure here usually means the layout generation was identified wrongly.
reports::CheckResult CheckVvarPlausible(const std::vector<ref::DecodedVvar>& decoded);

}  // namespace vdsoconf::live
