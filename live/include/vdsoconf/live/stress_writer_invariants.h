// What every consistent copy of the vvar time page must satisfy, whatever the writer was doing:
// the invariants update_vsyscall() (kernel/time/vsyscall.c, 6.1 .. 7.2; modelled in
// reference/include/vdsoconf/reference/timekeeper_writer.h) keeps between its seq writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::live {

// The violations of page 0 (`state.time`, the real time data of a task outside a namespace) of a
// copy taken between two equal even reads of clock[CS_HRES_COARSE].seq, read at counter
// `counter_after` or earlier. Empty means every invariant holds. Each entry names the fields
// and their values. The invariants:
//   - clock[0].seq is even; clock[1].seq equals it, or is one less (the copy began between
//     vdso_write_end()'s two increments); then the raw base is not judged.
//   - both bases have the same clock_mode, NONE or one of `arch`'s own modes (of any
//     architecture the model knows when `arch` is null).
//   - with a clock mode other than NONE (the writer leaves the high-resolution parts alone
//     otherwise): equal shift (< 64), mask and cycle_last in both bases (tkr_mono and tkr_raw
//     accumulate the same cycles); cycle_last not ahead of counter_after; the shifted
//     nanoseconds of REALTIME, MONOTONIC, BOOTTIME, TAI and MONOTONIC_RAW below 1e9 << shift;
//     MONOTONIC - REALTIME and BOOTTIME - MONOTONIC whole nanoseconds (multiples of 2^shift),
//     BOOTTIME >= MONOTONIC; TAI.nsec == REALTIME.nsec; MONOTONIC_COARSE - REALTIME_COARSE
//     equal to MONOTONIC - REALTIME (both are wall_to_monotonic).
//   - REALTIME_COARSE and MONOTONIC_COARSE nsec below 1e9; REALTIME_COARSE.sec == REALTIME.sec;
//     generations before 7.2 (no tk->coarse_nsec) also REALTIME_COARSE.nsec == REALTIME.nsec
//     >> shift.
std::vector<std::string> WriterInvariantViolations(const ref::VvarState& state,
                                                   std::uint64_t counter_after,
                                                   const ref::ArchModel* arch = nullptr);

}  // namespace vdsoconf::live
