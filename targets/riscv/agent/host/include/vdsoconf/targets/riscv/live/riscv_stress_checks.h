// The stress, overflow and time-namespace checks of a live RISC-V kernel (issue #4 items 3, 5
// and 6), appended to a LiveEvaluation in this order, always the same ids:
//   stress.seqlock.writer, stress.seqlock.monotonic, stress.seqlock.snapshots,
//   overflow.max_cycles, overflow.update_gap, timens.offsets_applied, timens.setns_restores
// The seqlock checks read "stress.seqlock_long" (the opt-in profile) when the agent ran it, else
// "stress.seqlock". RISC-V kernels never select GENERIC_VDSO_OVERFLOW_PROTECT, so the layout is
// decoded without max_cycles and overflow.max_cycles expects none. Never throws for anything in
// the documents.
#pragma once

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::targets::riscv {

void AppendStressChecks(const live::AgentRun& run, LiveEvaluation& evaluation);

// The ids AppendStressChecks appends, in order.
const std::vector<std::string>& StressCheckIds();

}  // namespace vdsoconf::targets::riscv
