#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

reports::CheckResult Make(std::string id, reports::CheckStatus status, std::string message,
                          nlohmann::json evidence, nlohmann::json reproducer) {
  reports::CheckResult result;
  result.id = std::move(id);
  result.status = status;
  result.message = std::move(message);
  result.evidence = std::move(evidence);
  result.reproducer = std::move(reproducer);
  return result;
}

}  // namespace

reports::CheckResult Pass(std::string id, std::string message, nlohmann::json evidence) {
  return Make(std::move(id), reports::CheckStatus::kPass, std::move(message), std::move(evidence),
              nullptr);
}

reports::CheckResult Fail(std::string id, std::string message, nlohmann::json evidence,
                          nlohmann::json reproducer) {
  return Make(std::move(id), reports::CheckStatus::kFail, std::move(message), std::move(evidence),
              std::move(reproducer));
}

reports::CheckResult Skip(std::string id, std::string why, nlohmann::json evidence) {
  return Make(std::move(id), reports::CheckStatus::kSkip, std::move(why), std::move(evidence),
              nullptr);
}

reports::CheckResult Inconclusive(std::string id, std::string why, nlohmann::json evidence) {
  return Make(std::move(id), reports::CheckStatus::kInconclusive, std::move(why),
              std::move(evidence), nullptr);
}

reports::CheckResult Error(std::string id, std::string why, nlohmann::json evidence) {
  return Make(std::move(id), reports::CheckStatus::kError, std::move(why), std::move(evidence),
              nullptr);
}

reports::CheckResult ProbeDidNotFinish(std::string id, const ProbeDocument* probe,
                                       const std::string& probe_name) {
  if (probe == nullptr) {
    // The evidence names the probe, so that SkipChecksOfUnselectedProbes can tell a probe the
    // run did not select from one that was lost.
    return Error(std::move(id), "the agent sent no result for probe " + probe_name,
                 {{"probe", probe_name}, {"status", kNoResult}});
  }
  const nlohmann::json evidence = {{"probe", probe->probe},
                                   {"status", probe->status},
                                   {"elapsed_ms", probe->elapsed_ms},
                                   {"data", probe->data}};
  // The cause is the probe's own end, already the check agent.<probe>: every check the probe
  // feeds joins that finding rather than making one of its own.
  reports::CheckResult result =
      probe->status == "hang"
          ? Make(std::move(id), reports::CheckStatus::kHang,
                 "probe " + probe_name + " did not finish within its watchdog", evidence,
                 {{"probe", probe_name}, {"agent_cmdline", "vdsoconf.probes=" + probe_name}})
          : Error(std::move(id), "probe " + probe_name + " ended with status " + probe->status,
                  evidence);
  result.finding = "agent." + probe_name;
  return result;
}

}  // namespace vdsoconf::live
