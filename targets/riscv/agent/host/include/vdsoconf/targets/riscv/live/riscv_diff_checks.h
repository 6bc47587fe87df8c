// The differential-matrix and fallback checks (live/diff_checks.h, live/fallback_checks.h) with
// what they need to know of RISC-V: the generation from the kernel release and whether the
// current clocksource gives the vDSO a usable clock mode.
#pragma once

#include <string>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::targets::riscv {

// Appends every vdso.diff.<entry>.<context> check, then every vdso.fallback.<entry> check.
// Without a known generation the fallback checks are errors (there is no model to compare with);
// the differential checks need none.
void AppendDiffChecks(const live::AgentRun& run, LiveEvaluation& evaluation);

// Appends the same ids, each an error saying `why` (the documents could not be read at all).
void AppendDiffErrors(const std::string& why, LiveEvaluation& evaluation);

}  // namespace vdsoconf::targets::riscv
