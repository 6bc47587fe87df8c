// The mremap and bad-input groups of EvaluateAgentRun (agent_run_groups.h).
#include <optional>

#include "vdsoconf/live/agent_run_groups.h"
#include "vdsoconf/live/bad_input_checks.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/mremap_checks.h"

namespace vdsoconf::live {

void AppendMremapChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation) {
  const std::optional<ref::Generation> generation =
      arch.generation_for_release(run.KernelRelease());
  if (!generation) {
    AppendMremapErrors("no layout generation for kernel release '" + run.KernelRelease() + "'",
                       arch, evaluation);
    return;
  }
  for (reports::CheckResult& result :
       CheckMremapScenarios(run.Probe("vdso.mremap"), *generation, arch)) {
    evaluation.checks.push_back(std::move(result));
  }
  for (reports::CheckResult& result :
       CheckBadInput(run.Probe("vdso.bad_input"), *generation, arch)) {
    evaluation.checks.push_back(std::move(result));
  }
}

void AppendMremapErrors(const std::string& why, const ArchTruths& arch,
                        LiveEvaluation& evaluation) {
  for (const std::string& id : MremapCheckIds()) {
    evaluation.checks.push_back(Error(id, why));
  }
  for (const std::string& id : BadInputCheckIds(arch)) {
    evaluation.checks.push_back(Error(id, why));
  }
}

}  // namespace vdsoconf::live
