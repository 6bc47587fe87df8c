#include "vdsoconf/targets/riscv/live/riscv_mremap_checks.h"

#include "vdsoconf/live/bad_input_checks.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/mremap_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::targets::riscv {

void AppendMremapChecks(const live::AgentRun& run, LiveEvaluation& evaluation) {
  const std::optional<ref::Generation> generation = GenerationForRelease(run.KernelRelease());
  if (!generation) {
    AppendMremapErrors("no layout generation for kernel release '" + run.KernelRelease() + "'",
                       evaluation);
    return;
  }
  for (reports::CheckResult& result :
       live::CheckMremapScenarios(run.Probe("vdso.mremap"), *generation)) {
    evaluation.checks.push_back(std::move(result));
  }
  for (reports::CheckResult& result :
       live::CheckBadInput(run.Probe("vdso.bad_input"), *generation)) {
    evaluation.checks.push_back(std::move(result));
  }
}

void AppendMremapErrors(const std::string& why, LiveEvaluation& evaluation) {
  for (const std::string& id : live::MremapCheckIds()) {
    evaluation.checks.push_back(live::Error(id, why));
  }
  for (const std::string& id : live::BadInputCheckIds()) {
    evaluation.checks.push_back(live::Error(id, why));
  }
}

}  // namespace vdsoconf::targets::riscv
