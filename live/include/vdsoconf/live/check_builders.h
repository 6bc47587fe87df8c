// Short constructors for reports::CheckResult, so every check states its verdict the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

reports::CheckResult Pass(std::string id, std::string message, nlohmann::json evidence);
// `reproducer` says how to see it again: probe, inputs, the expected and the observed answer.
reports::CheckResult Fail(std::string id, std::string message, nlohmann::json evidence,
                          nlohmann::json reproducer);
reports::CheckResult Skip(std::string id, std::string why, nlohmann::json evidence = nullptr);
// The harness kept the check from deciding (a starved reader thread): not a kernel verdict.
reports::CheckResult Inconclusive(std::string id, std::string why, nlohmann::json evidence);
// The check could not be evaluated (missing or malformed evidence).
reports::CheckResult Error(std::string id, std::string why, nlohmann::json evidence = nullptr);

// The evidence "status" of a check whose probe sent no result at all.
inline constexpr const char* kNoResult = "no result";

// The verdict of a check whose probe did not finish normally: kHang for "hang" (with the
// watchdog data as evidence and a reproducer naming the probe), kError for "crash" and "error"
// and for a probe that never reported at all (`probe` null, named by `probe_name`; evidence
// {"probe": probe_name, "status": kNoResult}).
reports::CheckResult ProbeDidNotFinish(std::string id, const ProbeDocument* probe,
                                       const std::string& probe_name);

}  // namespace vdsoconf::live
