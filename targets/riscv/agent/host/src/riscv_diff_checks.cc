#include "vdsoconf/targets/riscv/live/riscv_diff_checks.h"

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/diff_checks.h"
#include "vdsoconf/live/fallback_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::targets::riscv {
namespace {

// The probe records the clocksource it ran under; without it assume the riscv timer, the only
// clocksource a RISC-V vDSO can use (a wrong guess shows as fallback mismatches, not as passes).
bool HresCapable(const live::ProbeDocument* fallback) {
  if (fallback == nullptr || !fallback->data.is_object()) return true;
  const auto it = fallback->data.find("current_clocksource");
  if (it == fallback->data.end() || !it->is_string()) return true;
  return ExpectedClockMode(it->get<std::string>()) != 0;  // 0: VDSO_CLOCKMODE_NONE
}

}  // namespace

void AppendDiffChecks(const live::AgentRun& run, LiveEvaluation& evaluation) {
  for (reports::CheckResult& result : live::CheckVdsoDiff(run.Probe("vdso.diff"))) {
    evaluation.checks.push_back(std::move(result));
  }
  const live::ProbeDocument* fallback = run.Probe("vdso.fallback");
  const std::optional<ref::Generation> generation = GenerationForRelease(run.KernelRelease());
  if (!generation) {
    for (const std::string& id : live::FallbackCheckIds()) {
      evaluation.checks.push_back(
          live::Error(id, "no layout generation for kernel release '" + run.KernelRelease() + "'"));
    }
    return;
  }
  // Every RISC-V kernel vdsoconf boots is SMP (common.config; Debian's too).
  const live::FallbackExpectations expectations{*generation, HresCapable(fallback), true};
  for (reports::CheckResult& result : live::CheckVdsoFallback(fallback, expectations)) {
    evaluation.checks.push_back(std::move(result));
  }
}

void AppendDiffErrors(const std::string& why, LiveEvaluation& evaluation) {
  for (const std::string& id : live::DiffCheckIds()) {
    evaluation.checks.push_back(live::Error(id, why));
  }
  for (const std::string& id : live::FallbackCheckIds()) {
    evaluation.checks.push_back(live::Error(id, why));
  }
}

}  // namespace vdsoconf::targets::riscv
