// The groups of checks EvaluateAgentRun (agent_run_checks.h) appends after the vvar checks, each
// always the same ids in the same order, and each group's ids as errors for documents that could
// not be read at all.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/agent_run_checks.h"
#include "vdsoconf/live/arch_truths.h"

namespace vdsoconf::live {

// The stress, overflow and time-namespace checks (issue #4 items 3, 5 and 6):
//   stress.seqlock.writer, stress.seqlock.monotonic, stress.seqlock.snapshots,
//   overflow.max_cycles, overflow.update_gap, timens.offsets_applied, timens.setns_restores
// The seqlock checks read "stress.seqlock_long" (the opt-in profile) when the agent ran it, else
// "stress.seqlock". The layout has max_cycles only where the architecture selects
// GENERIC_VDSO_OVERFLOW_PROTECT (ArchTruths::overflow_protect).
void AppendStressChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation);

// The ids AppendStressChecks appends, in order.
const std::vector<std::string>& StressCheckIds();

// Every vdso.mremap.<scenario> check, then every bad_input.<entry> check. Without a known
// generation they are errors: there is no documented behaviour to compare with.
void AppendMremapChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation);
void AppendMremapErrors(const std::string& why, const ArchTruths& arch, LiveEvaluation& evaluation);

// Every vdso.diff.<entry>.<context> check, then every vdso.fallback.<entry> check. Without a
// known generation the fallback checks are errors (there is no model to compare with); the
// differential checks need none.
void AppendDiffChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation);
void AppendDiffErrors(const std::string& why, const ArchTruths& arch, LiveEvaluation& evaluation);

}  // namespace vdsoconf::live
