#include "vdsoconf/live/unselected_probes.h"

#include <algorithm>
#include <string>

#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

// The agent's plan, or nothing when agent-start is missing or has no list of names.
std::vector<std::string> PlannedProbes(const AgentRun& run) {
  std::vector<std::string> planned;
  const nlohmann::json* start = run.AgentStart();
  if (start == nullptr || !start->is_object()) return planned;
  auto probes = start->find("probes");
  if (probes == start->end() || !probes->is_array()) return planned;
  for (const auto& name : *probes) {
    if (name.is_string()) planned.push_back(name.get<std::string>());
  }
  return planned;
}

// The probe a check's missing evidence came from, when the check says it sent no result.
std::string ProbeWithoutResult(const reports::CheckResult& check) {
  if (check.status != reports::CheckStatus::kError || !check.evidence.is_object()) return "";
  auto status = check.evidence.find("status");
  auto probe = check.evidence.find("probe");
  if (status == check.evidence.end() || probe == check.evidence.end() || !probe->is_string() ||
      *status != kNoResult) {
    return "";
  }
  return probe->get<std::string>();
}

}  // namespace

void SkipChecksOfUnselectedProbes(const AgentRun& run, std::vector<reports::CheckResult>& checks) {
  const std::vector<std::string> planned = PlannedProbes(run);
  if (planned.empty()) return;
  std::string suite;
  for (const auto& name : planned) suite += (suite.empty() ? "" : ",") + name;
  for (auto& check : checks) {
    const std::string probe = ProbeWithoutResult(check);
    if (probe.empty() || std::find(planned.begin(), planned.end(), probe) != planned.end()) {
      continue;
    }
    check = Skip(std::move(check.id), "not selected (--suite " + suite + "): needs probe " + probe,
                 std::move(check.evidence));
  }
}

}  // namespace vdsoconf::live
