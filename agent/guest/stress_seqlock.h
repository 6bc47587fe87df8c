// Seqlock readers on every hart against a live writer that steps and slews the clock.
//
// Reader threads (one per online hart, pinned) loop over: one seqlock section on the raw vvar
// time page (read seq at page 0 offset 0 until even, copy the page, read seq again: equal means
// consistent, else a retry), then every clock of kStressClocks once through the vDSO and once
// through the syscall (order alternating). A writer thread meanwhile steps CLOCK_REALTIME with
// clock_settime and slews with adjtimex (ADJ_FREQUENCY, ADJ_OFFSET_SINGLESHOT), ~0.2 ms apart, and
// restores the clock at the end. The writer runs SCHED_FIFO so spinning readers cannot starve it,
// and runs past duration_ms (at most 10 times) until it has made 60 actions.
//
// "Backwards" is measured, not judged (the host judges): for each clock a shared maximum holds
// the largest value any reader has *finished* reading. A reader loads that maximum before it
// starts its read, so any value below it went backwards against a read that happened strictly
// before, on any thread. Clocks the writer steps (REALTIME, REALTIME_COARSE, TAI) keep one
// maximum per writer epoch, and a read counts only when no clock_settime overlapped it.
#pragma once

#include <cstdint>
#include <string>

#include "json_writer.h"

namespace vdsoconf::agent {

struct SeqlockStressOptions {
  std::uint64_t duration_ms = 150;
  // Consistent page copies sent per reader (the console is slow: ~13 KB/s). The first one, the
  // first after each odd-seq or retry event, until the budget is used.
  int snapshots_per_reader = 3;
};

// Runs the stress and writes its evidence as members of the currently open object:
//   "duration_ms": N, "writer_ran_ms": N, "harts": N, "page_size": N,
//   "writer": {"steps": N, "frequency_changes": N, "slews": N, "errors": N,
//              "first_error": "..." | null, "saved_frequency": N,
//              "realtime_minus_monotonic_ns": N,  (before the first step)
//              "restore_error_ns": N,  (REALTIME - MONOTONIC after the restore minus the closest
//                                       settable value: max(before, 0); the kernel refuses
//                                       REALTIME below MONOTONIC)
//              "realtime_priority": bool (the writer runs SCHED_FIFO),
//              "restore_padded": bool (REALTIME could only be restored 2 ms ahead),
//              "restore_target_ns": N (REALTIME - MONOTONIC the restore aimed at),
//              "restore_set_window_ns": N (MONOTONIC time from the read the target was computed
//                                          from until clock_settime returned),
//              "restore_measure_window_ns": N (width of the final REALTIME - MONOTONIC read)},
//   "readers": [{"cpu": N, "pinned": bool, "sections": N, "odd_seq": N, "retries": N,
//                "clocks": [{"clock": N, "stepped": bool, "vdso_calls": N, "syscall_calls": N,
//                            "vdso_errors": N, "syscall_errors": N, "checked": N,
//                            "backwards": N, "worst": {"delta_ns": N, "value_ns": N,
//                            "previous_max_ns": N, "via": "vdso"|"syscall"} | null}],
//                "snapshots": [{"counter_before": N, "counter_after": N, "seq": N,
//                               "after_event": bool, "page": sparse bytes}]}]
//   "attempts": N, "earlier_attempts": [{the members above, of each earlier run}]
// A run in which a reader thread never finished a round (the host starved its hart) and that
// showed no failure is run again with twice the duration, at most three runs in all; the last
// run's members are the top-level ones. The writer itself goes on (up to 10x duration) until
// every reader has made 20 rounds.
// Returns false with `error` when the vvar or the vDSO's clock_gettime cannot be found.
bool RunSeqlockStress(const SeqlockStressOptions& options, JsonWriter& data, std::string& error);

}  // namespace vdsoconf::agent
