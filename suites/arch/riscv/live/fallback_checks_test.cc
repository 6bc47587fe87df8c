#include "vdsoconf/live/fallback_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "diff_synthetic.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

constexpr FallbackExpectations k72{ref::Generation::kLinux7_2, true, true};

std::vector<reports::CheckResult> Fallback(const nlohmann::json& data,
                                           const FallbackExpectations& expect = k72) {
  const ProbeDocument document{"vdso.fallback", "ok", 40, data};
  return CheckVdsoFallback(&document, expect, targets::riscv::Truths());
}

reports::CheckResult Named(const std::vector<reports::CheckResult>& results,
                           const std::string& id) {
  const reports::CheckResult* found = FindCheck(results, id);
  if (found == nullptr) throw std::out_of_range("no check " + id);
  return *found;
}

TEST(CheckVdsoFallback, PassesWhenEveryCallTookTheModelsRoute) {
  const std::vector<reports::CheckResult> results = Fallback(FallbackData72());
  ASSERT_EQ(results.size(), FallbackCheckIds(targets::riscv::Truths()).size());
  for (const reports::CheckResult& result : results) {
    EXPECT_TRUE(HasStatus(result, CheckStatus::kPass));
  }
}

TEST(CheckVdsoFallback, FailsWhenMonotonicFellBack) {
  nlohmann::json data = FallbackData72();
  RowOfClock(data["clock_gettime"], 1)["vdso_ret"] = -131;
  const reports::CheckResult result = Named(Fallback(data), "vdso.fallback.clock_gettime");
  EXPECT_TRUE(FailsWithReproducer(result)) << Show(result);
  EXPECT_NE(result.message.find("clock_gettime(CLOCK_MONOTONIC) fell back"), std::string::npos)
      << Show(result);
  EXPECT_EQ(result.reproducer["expected"], "answered by the vDSO") << Show(result);
}

TEST(CheckVdsoFallback, FailsWhenACpuTimeClockIsAnsweredWithoutTheKernel) {
  nlohmann::json data = FallbackData72();
  RowOfClock(data["clock_gettime"], 2)["vdso_ret"] = 0;  // CLOCK_PROCESS_CPUTIME_ID
  EXPECT_TRUE(FailsWithReproducer(Named(Fallback(data), "vdso.fallback.clock_gettime")));
}

TEST(CheckVdsoFallback, HresClocksFallBackWithoutAUsableClockMode) {
  const FallbackExpectations no_hres{ref::Generation::kLinux7_2, false, true};
  EXPECT_TRUE(FailsWithReproducer(
      Named(Fallback(FallbackData72(), no_hres), "vdso.fallback.clock_gettime")));
  EXPECT_TRUE(HasStatus(Named(Fallback(FallbackData72(), no_hres), "vdso.fallback.clock_getres"),
                        CheckStatus::kPass));
}

TEST(CheckVdsoFallback, AuxResolutionIsAnsweredOnlyWhere72HasAuxClocks) {
  // Generation 6.12 has no aux ids: 16..23 are out of range there and must fall back.
  const FallbackExpectations k612{ref::Generation::kLinux6_12, true, true};
  nlohmann::json data = FallbackData72();
  data["exported"]["getrandom"] = false;
  EXPECT_TRUE(FailsWithReproducer(Named(Fallback(data, k612), "vdso.fallback.clock_getres")));
}

TEST(CheckVdsoFallback, FailsWhenGetcpuAnswersWithoutTheKernel) {
  nlohmann::json data = FallbackData72();
  data["getcpu"][0]["vdso_ret"] = 0;
  EXPECT_TRUE(FailsWithReproducer(Named(Fallback(data), "vdso.fallback.getcpu")));
}

TEST(CheckVdsoFallback, FailsWhenGettimeofdayWithNullTvIssuesTheSyscall) {
  nlohmann::json data = FallbackData72();
  data["gettimeofday"][3]["vdso_ret"] = -131;
  EXPECT_TRUE(FailsWithReproducer(Named(Fallback(data), "vdso.fallback.gettimeofday")));
}

TEST(CheckVdsoFallback, FailsWhenHwprobeOrGetrandomFellBack) {
  nlohmann::json data = FallbackData72();
  data["riscv_hwprobe"][0]["vdso_ret"] = -131;
  data["getrandom"][0]["vdso_ret"] = -131;
  const std::vector<reports::CheckResult> results = Fallback(data);
  EXPECT_TRUE(FailsWithReproducer(Named(results, "vdso.fallback.riscv_hwprobe")));
  EXPECT_TRUE(FailsWithReproducer(Named(results, "vdso.fallback.getrandom")));
}

// The warm state is measured again in a fresh process while it falls back (a crng reseed between
// the warming and the call refills the key through the syscall, as it must): a later answer
// passes with the earlier tries kept as evidence; a fallback in every try still fails.
TEST(CheckVdsoFallback, AWarmGetrandomStateThatFellBackOnlyInEarlierAttemptsPasses) {
  nlohmann::json data = FallbackData72();
  data["getrandom"][0]["earlier_attempts"] = {{{"vdso_ret", -131}, {"control_ret", -131}}};
  const reports::CheckResult result = Named(Fallback(data), "vdso.fallback.getrandom");
  EXPECT_TRUE(HasStatus(result, CheckStatus::kPass)) << Show(result);
  EXPECT_NE(result.evidence.dump().find("earlier_attempts"), std::string::npos) << Show(result);
}

TEST(CheckVdsoFallback, AWarmGetrandomStateThatFellBackInEveryAttemptFails) {
  nlohmann::json data = FallbackData72();
  data["getrandom"][0]["vdso_ret"] = -131;
  data["getrandom"][0]["earlier_attempts"] = {{{"vdso_ret", -131}, {"control_ret", -131}},
                                              {{"vdso_ret", -131}, {"control_ret", -131}}};
  const reports::CheckResult result = Named(Fallback(data), "vdso.fallback.getrandom");
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_NE(result.message.find("in each of 3 attempts"), std::string::npos) << Show(result);
}

TEST(CheckVdsoFallback, FailsWhenAFreshGetrandomStateNeedsNoKeyRefill) {
  nlohmann::json data = FallbackData72();
  data["getrandom"][1]["vdso_ret"] = 32;
  const reports::CheckResult result = Named(Fallback(data), "vdso.fallback.getrandom");
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_EQ(result.reproducer["inputs"]["state"], "fresh") << Show(result);
}

TEST(CheckVdsoFallback, FlushIcacheAnswersItselfWithoutSmp) {
  const FallbackExpectations uniprocessor{ref::Generation::kLinux7_2, true, false};
  EXPECT_TRUE(FailsWithReproducer(
      Named(Fallback(FallbackData72(), uniprocessor), "vdso.fallback.flush_icache")));
}

TEST(CheckVdsoFallback, ErrorsWhenTheFilterDidNotTrapTheControl) {
  nlohmann::json data = FallbackData72();
  RowOfClock(data["clock_getres"], 0)["control_ret"] = 0;
  EXPECT_TRUE(HasStatus(Named(Fallback(data), "vdso.fallback.clock_getres"), CheckStatus::kError));
}

TEST(CheckVdsoFallback, SkipsWithoutSeccomp) {
  nlohmann::json data = {{"sentinel_errno", 131},
                         {"filter", {{"errno", 22}, {"failed_step", "seccomp"}}}};
  for (const reports::CheckResult& result : Fallback(data)) {
    EXPECT_TRUE(HasStatus(result, CheckStatus::kSkip));
  }
}

TEST(CheckVdsoFallback, ErrorsWhenTheProbeNeverReported) {
  for (const reports::CheckResult& result :
       CheckVdsoFallback(nullptr, k72, targets::riscv::Truths())) {
    EXPECT_TRUE(HasStatus(result, CheckStatus::kError));
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
