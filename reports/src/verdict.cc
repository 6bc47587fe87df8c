#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {

bool IsFailing(CheckStatus status) {
  return status == CheckStatus::kFail || status == CheckStatus::kHang ||
         status == CheckStatus::kError;
}

CheckCounts CountChecks(const KernelRun& run) {
  CheckCounts counts;
  for (const auto& check : run.checks) {
    switch (check.status) {
      case CheckStatus::kPass:
        ++counts.pass;
        break;
      case CheckStatus::kFail:
        ++counts.fail;
        break;
      case CheckStatus::kSkip:
        ++counts.skip;
        break;
      case CheckStatus::kHang:
        ++counts.hang;
        break;
      case CheckStatus::kError:
        ++counts.error;
        break;
      case CheckStatus::kInconclusive:
        ++counts.inconclusive;
        break;
    }
  }
  return counts;
}

KernelVerdict VerdictOf(const KernelRun& run) {
  if (run.InfraFailed()) return KernelVerdict::kInfrastructure;
  return CountChecks(run).Failing() > 0 ? KernelVerdict::kFail : KernelVerdict::kPass;
}

std::string_view VerdictName(KernelVerdict verdict) {
  switch (verdict) {
    case KernelVerdict::kPass:
      return "pass";
    case KernelVerdict::kFail:
      return "fail";
    case KernelVerdict::kInfrastructure:
      return "infra";
  }
  return "infra";
}

std::string InfrastructureReason(const KernelRun& run) {
  if (!run.infra_error.empty()) return run.infra_error;
  std::string reason = (run.image_run ? "image run " : "boot ") + run.ExecutionStatus();
  if (!run.ExecutionMessage().empty()) reason += ": " + run.ExecutionMessage();
  return reason;
}

std::string KernelLabel(const KernelRun& run) {
  if (run.version.empty() || run.version == run.spec) return run.spec;
  return run.spec + " (" + run.version + ")";
}

}  // namespace vdsoconf::reports
