// The time-namespace view of the vvar, from the "vvar.timens" probe.
#pragma once

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// "vvar.timens": a task inside a new time namespace sees, at vvar page 0, the namespace page the
// kernel wrote (timens_setup_vdso_data / timens_setup_vdso_clock_data): in both clock bases seq 1,
// clock_mode VDSO_CLOCKMODE_TIMENS, offset[MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE] = the
// monotonic offset the agent set and offset[BOOTTIME, BOOTTIME_ALARM] = the boottime offset; and
// at page 1 the real time data (a clock mode other than TIMENS, even seq). The namespace's own
// CLOCK_MONOTONIC syscall must be at least the offset. Skipped when the kernel has no time
// namespaces (unshare failed). `variant` is the layout to decode with.
reports::CheckResult CheckVvarTimens(const ProbeDocument* timens, ref::LayoutVariant variant);

}  // namespace vdsoconf::live
