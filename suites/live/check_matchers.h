// Assertions on CheckResults that print the whole result when they fail.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::live::testing {

inline std::string Show(const reports::CheckResult& result) {
  return result.id + " " + std::string(reports::CheckStatusName(result.status)) + ": " +
         result.message + "\n  evidence: " + result.evidence.dump() +
         "\n  reproducer: " + result.reproducer.dump();
}

inline ::testing::AssertionResult HasStatus(const reports::CheckResult& result,
                                            reports::CheckStatus status) {
  if (result.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << reports::CheckStatusName(status) << ", got " << Show(result);
}

// A failure must say how to reproduce it.
inline ::testing::AssertionResult FailsWithReproducer(const reports::CheckResult& result) {
  if (result.status != reports::CheckStatus::kFail) {
    return ::testing::AssertionFailure() << "expected fail, got " << Show(result);
  }
  if (!result.reproducer.is_object() || !result.reproducer.contains("probe")) {
    return ::testing::AssertionFailure()
           << "fail without a reproducer naming the probe: " << Show(result);
  }
  return ::testing::AssertionSuccess();
}

inline const reports::CheckResult* FindCheck(const std::vector<reports::CheckResult>& checks,
                                             const std::string& id) {
  for (const reports::CheckResult& check : checks) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

}  // namespace vdsoconf::live::testing
