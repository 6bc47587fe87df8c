// Turning what the agent reported into named checks of results.json.
//
// The verdicts on a probe's evidence belong to the host-side checks of each suite (live/,
// targets/riscv/agent/host/); until a suite provides them, every probe still yields one check
// saying whether the probe itself ran: a probe that hung is a kHang of that probe (not an
// infrastructure failure), one that crashed a kFail, one that could not collect its evidence a
// kError.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::runner {

// One check per probe-result document in `agent_results` (the agent's valid documents, in
// order): id "agent.<probe>", status ok->kPass, hang->kHang, crash->kFail, error->kError (also
// for an unknown status or a document without a probe name), evidence {"status", "elapsed_ms",
// "data"}, duration_ms from elapsed_ms.
std::vector<reports::CheckResult> ProbeRunChecks(const nlohmann::json& agent_results);

// Why the agent's report is not whole, or "" when it is: no agent-start, no agent-done, or an
// agent-done whose probes_run differs from the number of probe results. Framing problems are
// reported separately (BootOutcome::framing_problems).
std::string AgentReportProblem(const nlohmann::json& agent_results);

}  // namespace vdsoconf::runner
