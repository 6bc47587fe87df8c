// Time namespaces in depth, from the "timens.clocks" probe: which clocks the namespace offsets
// apply to through the vDSO, and whether setns() back to the initial namespace undoes it all.
// (The namespace page's own contents are "vvar.timens", timens_checks.h.)
#pragma once

#include <cstdint>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// The offset a clock takes inside a time namespace, per the kernel's posix clocks
// (kernel/time/posix-timers.c, alarmtimer.c; 6.1 .. 7.2): timens_add_monotonic() for MONOTONIC,
// MONOTONIC_RAW and MONOTONIC_COARSE, timens_add_boottime() for BOOTTIME and BOOTTIME_ALARM,
// nothing for every other clock (REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI, CPU time).
enum class TimensOffsetKind : std::uint8_t { kNone, kMonotonic, kBoottime };
TimensOffsetKind TimensOffsetFor(std::int32_t clock);

// "timens.offsets_applied": inside the namespace, every clock read through the vDSO lies between
// the initial namespace's syscall readings before and after the child's life plus exactly the
// offset the clock takes (and between the child's own syscall readings). A clock whose vDSO
// read failed passes only when the syscall failed the same way outside (CLOCK_*_ALARM without
// an RTC: EINVAL). Skipped when unshare(CLONE_NEWTIME) failed.
reports::CheckResult CheckTimensOffsetsApplied(const ProbeDocument* probe);

// "timens.setns_restores": after setns() to the initial namespace, setns succeeded; every clock
// through the vDSO is again within the syscall brackets with no offset; vvar page 0 decodes (as
// `variant`) as the real time data (clock_mode not TIMENS, seq even) and page 1 (the namespace
// page slot) is no longer readable. Skipped when unshare(CLONE_NEWTIME) failed.
reports::CheckResult CheckTimensSetnsRestores(const ProbeDocument* probe,
                                              ref::LayoutVariant variant);

}  // namespace vdsoconf::live
