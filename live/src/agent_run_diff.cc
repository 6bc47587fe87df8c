// The differential-matrix and fallback groups of EvaluateAgentRun (agent_run_groups.h).
#include <optional>

#include "vdsoconf/live/agent_run_groups.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/diff_checks.h"
#include "vdsoconf/live/fallback_checks.h"

namespace vdsoconf::live {
namespace {

// The probe records the clocksource it ran under; without it assume the one the architecture's
// vDSO can use (a wrong guess shows as fallback mismatches, not as passes).
bool HresCapable(const ProbeDocument* fallback, const ArchTruths& arch) {
  if (fallback == nullptr || !fallback->data.is_object()) return true;
  const auto it = fallback->data.find("current_clocksource");
  if (it == fallback->data.end() || !it->is_string()) return true;
  return arch.expected_clock_mode(it->get<std::string>()) != 0;  // 0: VDSO_CLOCKMODE_NONE
}

}  // namespace

void AppendDiffChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation) {
  for (reports::CheckResult& result : CheckVdsoDiff(run.Probe("vdso.diff"), arch)) {
    evaluation.checks.push_back(std::move(result));
  }
  const ProbeDocument* fallback = run.Probe("vdso.fallback");
  const std::optional<ref::Generation> generation =
      arch.generation_for_release(run.KernelRelease());
  if (!generation) {
    for (const std::string& id : FallbackCheckIds(arch)) {
      evaluation.checks.push_back(
          Error(id, "no layout generation for kernel release '" + run.KernelRelease() + "'"));
    }
    return;
  }
  const FallbackExpectations expectations{*generation, HresCapable(fallback, arch), arch.smp};
  for (reports::CheckResult& result : CheckVdsoFallback(fallback, expectations, arch)) {
    evaluation.checks.push_back(std::move(result));
  }
}

void AppendDiffErrors(const std::string& why, const ArchTruths& arch, LiveEvaluation& evaluation) {
  for (const std::string& id : DiffCheckIds(arch)) {
    evaluation.checks.push_back(Error(id, why));
  }
  for (const std::string& id : FallbackCheckIds(arch)) {
    evaluation.checks.push_back(Error(id, why));
  }
}

}  // namespace vdsoconf::live
