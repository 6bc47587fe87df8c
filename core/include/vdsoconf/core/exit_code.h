// Exit codes of every vdsoconf command, and the error type that carries the infrastructure kind.
//
// The split matters to CI systems: 1 means "the kernel under test is wrong", 2 means "we could not
// find out" (a kernel that does not boot, a missing tool, a download error, bad input).
#pragma once

#include <stdexcept>
#include <string>

namespace vdsoconf {

enum ExitCode : int {
  kExitPass = 0,          // every check passed
  kExitCheckFailed = 1,   // at least one conformance check failed
  kExitInfrastructure = 2,  // could not run: boot failure, missing tool, download error, bad input
  kExitUsage = 64,        // the command line is wrong (EX_USAGE)
};

// Thrown by infrastructure code (provisioning, booting, extraction) when it cannot go on. The
// message is for people: it says what was attempted, on what, and what to do about it. The
// reference model never throws; it returns values.
class InfraError : public std::runtime_error {
 public:
  explicit InfraError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace vdsoconf
