// Checks of probes the run did not select (`vdsoconf run --suite vdso.diff`) are not errors.
//
// Every check is built whichever probes ran, so that a run has the same check ids every time;
// a check whose probe sent no result is kError (ProbeDidNotFinish). That is right for a probe
// the agent was asked to run and lost, and wrong for one nobody asked for: the agent-start
// document's "probes" (the agent's plan) tells the two apart.
#pragma once

#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// Turns each kError check whose evidence says its probe sent no result (kNoResult) into a skip
// "not selected (--suite A,B): needs probe P" when P is not in the agent-start plan. A selected
// probe's missing result stays an error, and so does everything when agent-start itself is
// missing (then nothing says what was selected).
void SkipChecksOfUnselectedProbes(const AgentRun& run, std::vector<reports::CheckResult>& checks);

}  // namespace vdsoconf::live
