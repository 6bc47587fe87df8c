// The check registry, the guarded run and the recorder, without QEMU: registrations are found
// in order, a throwing check becomes kError, failures keep reproducers and counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

TEST(RegisteredChecks, HoldsTheClockChecksInRunOrder) {
  std::vector<std::string> names;
  for (const auto& check : RegisteredChecks()) names.push_back(check.name);
  for (const char* name :
       {"check-image.entry_points", "check-image.clock_gettime", "check-image.clock_getres",
        "check-image.gettimeofday", "check-image.time", "check-image.passthrough"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  for (std::size_t i = 1; i < RegisteredChecks().size(); ++i) {
    EXPECT_LE(RegisteredChecks()[i - 1].order, RegisteredChecks()[i].order)
        << RegisteredChecks()[i - 1].name << " before " << RegisteredChecks()[i].name;
  }
}

TEST(GuardedRun, TurnsAnExceptionIntoAnErrorVerdict) {
  const CheckOutcome outcome = GuardedRun("check-image.test-throws",
                                          []() -> CheckOutcome { throw std::logic_error("boom"); });
  EXPECT_EQ(outcome.result.status, reports::CheckStatus::kError);
  EXPECT_EQ(outcome.result.id, "check-image.test-throws");
  EXPECT_NE(outcome.result.message.find("boom"), std::string::npos) << outcome.result.message;
}

TEST(GuardedRun, LetsInfraErrorThrough) {
  EXPECT_THROW(GuardedRun("check-image.test-infra",
                          []() -> CheckOutcome { throw InfraError("executor gone"); }),
               InfraError);
}

TEST(GuardedRun, NamesTheResultAfterTheCheck) {
  const CheckOutcome outcome = GuardedRun("check-image.named", [] {
    CheckOutcome inner;
    inner.result.id = "something else";
    return inner;
  });
  EXPECT_EQ(outcome.result.id, "check-image.named");
}

TEST(CheckRecorder, PassesWithoutFailures) {
  CheckRecorder recorder("check-image.x");
  recorder.CountComparisons(5);
  recorder.CountCalls(3);
  const CheckOutcome outcome = recorder.Finish("all agree");
  EXPECT_EQ(outcome.result.status, reports::CheckStatus::kPass);
  EXPECT_EQ(outcome.result.message, "all agree");
  EXPECT_EQ(outcome.comparisons, 5u);
  EXPECT_EQ(outcome.calls, 3u);
  EXPECT_EQ(outcome.result.evidence["comparisons"], 5);
}

TEST(CheckRecorder, FailsWithTheFirstSummaryAndCappedReproducers) {
  CheckRecorder recorder("check-image.x");
  recorder.CountComparisons(100);
  for (int i = 0; i < 40; ++i) recorder.Fail("difference " + std::to_string(i), {{"i", i}});
  const CheckOutcome outcome = recorder.Finish("all agree");
  EXPECT_EQ(outcome.result.status, reports::CheckStatus::kFail);
  EXPECT_EQ(outcome.result.message, "40 of 100 comparisons differ; first: difference 0");
  ASSERT_EQ(outcome.result.reproducer.size(), CheckRecorder::kMaxReproducers);
  EXPECT_EQ(outcome.result.reproducer[0]["summary"], "difference 0");
  EXPECT_EQ(outcome.result.evidence["failures"], 40);
}

TEST(CheckRecorder, SkipIsAFailureWhenSomethingFailed) {
  CheckRecorder clean("check-image.x");
  EXPECT_EQ(clean.Skip("nothing to call").result.status, reports::CheckStatus::kSkip);
  CheckRecorder failed("check-image.x");
  failed.Fail("bad", {});
  EXPECT_EQ(failed.Skip("nothing to call").result.status, reports::CheckStatus::kFail);
}

TEST(DescribeCallResult, ListsEcallsAndBuffers) {
  CallResult result;
  result.return_value = static_cast<std::uint64_t>(-22);
  result.ecalls.push_back({113, {1, 2, 3, 4, 5, 6}});
  result.buffers.push_back({0xa5, 0x01});
  const nlohmann::json json = DescribeCallResult(result);
  EXPECT_EQ(json["return_value"], -22) << json.dump();
  EXPECT_EQ(json["ecalls"][0]["number"], 113) << json.dump();
  EXPECT_EQ(json["ecalls"][0]["args"][5], "0x6") << json.dump();
  EXPECT_EQ(json["buffers"][0], "a501") << json.dump();
}

}  // namespace
}  // namespace vdsoconf::riscv::check
