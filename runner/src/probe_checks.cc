#include "vdsoconf/runner/probe_checks.h"

namespace vdsoconf::runner {
namespace {

using reports::CheckStatus;

CheckStatus StatusOf(const std::string& agent_status) {
  if (agent_status == "ok") return CheckStatus::kPass;
  if (agent_status == "hang") return CheckStatus::kHang;
  if (agent_status == "crash") return CheckStatus::kFail;
  return CheckStatus::kError;
}

std::string StringField(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsType(const nlohmann::json& doc, const char* type) {
  return doc.is_object() && StringField(doc, "type") == type;
}

}  // namespace

std::vector<reports::CheckResult> ProbeRunChecks(const nlohmann::json& agent_results) {
  std::vector<reports::CheckResult> checks;
  if (!agent_results.is_array()) return checks;
  for (const auto& doc : agent_results) {
    if (!IsType(doc, "probe-result")) continue;
    reports::CheckResult check;
    std::string probe = StringField(doc, "probe");
    std::string status = StringField(doc, "status");
    check.id = "agent." + (probe.empty() ? std::string("unnamed") : probe);
    check.status = probe.empty() ? CheckStatus::kError : StatusOf(status);
    double elapsed = doc.contains("elapsed_ms") && doc["elapsed_ms"].is_number()
                         ? doc["elapsed_ms"].get<double>()
                         : 0.0;
    check.duration_ms = elapsed;
    check.evidence = {{"status", status},
                      {"elapsed_ms", elapsed},
                      {"data", doc.contains("data") ? doc["data"] : nlohmann::json()}};
    switch (check.status) {
      case CheckStatus::kPass:
        check.message = "probe ran";
        break;
      case CheckStatus::kHang:
        check.message = "probe hung: the agent's watchdog stopped it after " +
                        std::to_string(static_cast<long>(elapsed)) + " ms";
        break;
      case CheckStatus::kFail:
        check.message = "probe crashed";
        break;
      default:
        check.message = probe.empty() ? "probe-result without a probe name"
                                      : "probe reported status '" + status + "'";
    }
    if (check.status == CheckStatus::kHang || check.status == CheckStatus::kFail) {
      check.reproducer = {{"probe", probe}, {"cmdline", "vdsoconf.probes=" + probe}};
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

std::string AgentReportProblem(const nlohmann::json& agent_results) {
  if (!agent_results.is_array()) return "the agent's documents are not a list";
  bool started = false;
  const nlohmann::json* done = nullptr;
  long probe_results = 0;
  for (const auto& doc : agent_results) {
    if (IsType(doc, "agent-start")) started = true;
    if (IsType(doc, "agent-done")) done = &doc;
    if (IsType(doc, "probe-result")) ++probe_results;
  }
  if (!started) return "the agent never reported agent-start";
  if (done == nullptr) {
    return "the agent stopped before agent-done (" + std::to_string(probe_results) +
           " probe results arrived)";
  }
  auto run = done->find("probes_run");
  if (run == done->end() || !run->is_number_integer() || run->get<long>() != probe_results) {
    return "agent-done says probes_run=" + (run == done->end() ? std::string("?") : run->dump()) +
           " but " + std::to_string(probe_results) + " probe results arrived";
  }
  return "";
}

}  // namespace vdsoconf::runner
