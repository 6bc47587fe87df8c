// The verdict of one kernel run, shared by every report so they all say the same thing.
#pragma once

#include <string>
#include <string_view>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

enum class KernelVerdict {
  kPass,            // booted, no check failed, hung or errored (skips allowed)
  kFail,            // booted, at least one check failed, hung or errored
  kInfrastructure,  // not provisioned or not booted to completion: nothing is known
};

KernelVerdict VerdictOf(const KernelRun& run);
// "pass", "fail", "infra".
std::string_view VerdictName(KernelVerdict verdict);

// Counts of one kernel's checks by status.
struct CheckCounts {
  int pass = 0, fail = 0, skip = 0, hang = 0, error = 0, inconclusive = 0;
  int Total() const { return pass + fail + skip + hang + error + inconclusive; }
  int Failing() const { return fail + hang + error; }
};
CheckCounts CountChecks(const KernelRun& run);

// Whether the status counts against the kernel: fail, hang, error.
bool IsFailing(CheckStatus status);

// Why the kernel produced no results, for a kernel with kInfrastructure: the infra_error if set,
// else "boot <status>: <message>".
std::string InfrastructureReason(const KernelRun& run);

// The kernel's display name: "spec (version)" or just the spec when the version is unknown.
std::string KernelLabel(const KernelRun& run);

}  // namespace vdsoconf::reports
