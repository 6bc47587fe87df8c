#include "vdsoconf/live/diff_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "diff_synthetic.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

reports::CheckResult Entry(const char* entry, const nlohmann::json& matrix,
                           const char* context = "init") {
  return CheckDiffEntry(entry, context, matrix, targets::riscv::Truths());
}

::testing::AssertionResult MessageHas(const reports::CheckResult& result, const std::string& text) {
  if (result.message.find(text) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "message lacks '" << text << "': " << Show(result);
}

TEST(CheckDiffEntry, PassesWhenEveryEntryAgrees) {
  for (const LiveEntry& entry : targets::riscv::Truths().entries) {
    EXPECT_TRUE(
        HasStatus(Entry(std::string(entry.key).c_str(), AgreeingMatrix()), CheckStatus::kPass));
  }
}

TEST(CheckDiffEntry, ClockGettimeEvidenceHasVdsoMinusSyscallPerClock) {
  const reports::CheckResult result = Entry("clock_gettime", AgreeingMatrix());
  ASSERT_TRUE(result.evidence.contains("vdso_minus_syscall_ns")) << Show(result);
  EXPECT_EQ(result.evidence["vdso_minus_syscall_ns"]["CLOCK_MONOTONIC"], 100) << Show(result);
  EXPECT_FALSE(result.evidence["vdso_minus_syscall_ns"].contains("CLOCK_12")) << Show(result);
}

TEST(CheckDiffEntry, ClockGettimeFailsWhenTheVdsoIsBeforeTheEarlierSyscall) {
  nlohmann::json matrix = AgreeingMatrix();
  RowOfClock(matrix["clock_gettime"], 6)["vdso"]["nsec"] = 499;  // MONOTONIC_COARSE
  const reports::CheckResult result = Entry("clock_gettime", matrix, "timens");
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_TRUE(MessageHas(result, "CLOCK_MONOTONIC_COARSE"));
  EXPECT_TRUE(MessageHas(result, "1 ns before"));
  EXPECT_EQ(result.reproducer["context"], "timens") << Show(result);
  EXPECT_EQ(result.reproducer["inputs"]["clock"], 6) << Show(result);
  EXPECT_EQ(result.reproducer["vdso"]["nsec"], 499) << Show(result);
  EXPECT_EQ(result.reproducer["syscall"]["before"]["nsec"], 500) << Show(result);
}

TEST(CheckDiffEntry, ClockGettimeFailsWhenTheVdsoIsAfterTheLaterSyscall) {
  nlohmann::json matrix = AgreeingMatrix();
  RowOfClock(matrix["clock_gettime"], 0)["vdso"]["sec"] = 101;
  EXPECT_TRUE(MessageHas(Entry("clock_gettime", matrix), "after the syscall that followed"));
}

TEST(CheckDiffEntry, ClockGettimeFailsWhenTheReturnValuesDiffer) {
  nlohmann::json matrix = AgreeingMatrix();
  RowOfClock(matrix["clock_gettime"], 20)["vdso"]["ret"] = 0;  // an aux id the kernel refuses
  const reports::CheckResult result = Entry("clock_gettime", matrix);
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_TRUE(MessageHas(result, "CLOCK_AUX+4: vDSO returned 0, the syscall -22"));
}

TEST(CheckDiffEntry, ClockGettimeFailsWhenTheVdsoWritesOutputOnFailure) {
  nlohmann::json matrix = AgreeingMatrix();
  RowOfClock(matrix["clock_gettime"], -1)["vdso"]["nsec"] = 0;
  EXPECT_TRUE(MessageHas(Entry("clock_gettime", matrix), "on failure the outputs differ"));
}

TEST(CheckDiffEntry, ClockGettimeFailsOnAnUnnormalisedNsec) {
  nlohmann::json matrix = AgreeingMatrix();
  nlohmann::json& row = RowOfClock(matrix["clock_gettime"], 1);
  row["vdso"] = {{"ret", 0}, {"sec", 99}, {"nsec", 1'000'000'600}};  // same instant, not normal
  EXPECT_TRUE(MessageHas(Entry("clock_gettime", matrix), "outside its range"));
}

TEST(CheckDiffEntry, ClockGetresFailsOnAnotherResolution) {
  nlohmann::json matrix = AgreeingMatrix();
  RowOfClock(matrix["clock_getres"], 5)["vdso"]["nsec"] = 4000000;
  const reports::CheckResult result = Entry("clock_getres", matrix);
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_TRUE(MessageHas(result, "CLOCK_REALTIME_COARSE: nsec 4000000 (vDSO) != 1 (syscall)"));
}

TEST(CheckDiffEntry, GettimeofdayFailsWhenTheTimeZoneDiffers) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["gettimeofday"][0]["vdso"]["minuteswest"] = 60;
  EXPECT_TRUE(MessageHas(Entry("gettimeofday", matrix), "gettimeofday(tv, tz): time zone"));
}

TEST(CheckDiffEntry, GettimeofdayFailsWhenTvIsOutsideTheBracket) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["gettimeofday"][2]["vdso"]["usec"] = 13;  // tv, NULL
  EXPECT_TRUE(MessageHas(Entry("gettimeofday", matrix), "gettimeofday(tv, NULL)"));
}

TEST(CheckDiffEntry, GettimeofdayFailsWhenTheVdsoWritesANullTv) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["gettimeofday"][3]["vdso"]["ret"] = -14;  // NULL, NULL
  EXPECT_TRUE(FailsWithReproducer(Entry("gettimeofday", matrix)));
}

TEST(CheckDiffEntry, GetcpuPassesWhenTheTaskMigratedBetweenTheSyscalls) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["getcpu"][0]["after"]["cpu"] = 0;
  matrix["getcpu"][0]["vdso"]["cpu"] = 0;
  EXPECT_TRUE(HasStatus(Entry("getcpu", matrix), CheckStatus::kPass));
}

TEST(CheckDiffEntry, GetcpuFailsOnACpuNeitherSyscallSaw) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["getcpu"][0]["vdso"]["cpu"] = 7;
  EXPECT_TRUE(MessageHas(Entry("getcpu", matrix), "cpu 7 (vDSO) is neither 1 nor 1"));
}

TEST(CheckDiffEntry, HwprobeFailsWhenAPairDiffers) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["riscv_hwprobe"][0]["vdso"]["pairs"][2][1] = 0;  // the namespace page's zeroes
  const reports::CheckResult result = Entry("riscv_hwprobe", matrix, "timens");
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_TRUE(MessageHas(result, "riscv_hwprobe all-keys: pairs"));
}

TEST(CheckDiffEntry, GetrandomFailsWhenTheVdsoWroteNothing) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["getrandom"][0]["vdso"]["wrote"] = false;
  EXPECT_TRUE(MessageHas(Entry("getrandom", matrix), "wrote false (vDSO) != true (syscall)"));
}

TEST(CheckDiffEntry, GetrandomFailsWhenTheStateQueryFailed) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["getrandom"][0]["state_setup"] = -22;
  EXPECT_TRUE(MessageHas(Entry("getrandom", matrix), "opaque state could not be set up"));
}

TEST(CheckDiffEntry, FlushIcacheFailsOnAnotherReturnValue) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["flush_icache"][0]["vdso"]["ret"] = -38;
  EXPECT_TRUE(FailsWithReproducer(Entry("flush_icache", matrix)));
}

TEST(CheckDiffEntry, SkipsAnEntryTheImageDoesNotExport) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["exported"]["getrandom"] = false;
  matrix.erase("getrandom");
  EXPECT_TRUE(HasStatus(Entry("getrandom", matrix), CheckStatus::kSkip));
}

TEST(CheckDiffEntry, ThrowsOnAMalformedRow) {
  nlohmann::json matrix = AgreeingMatrix();
  matrix["clock_gettime"][0].erase("after");
  EXPECT_THROW(Entry("clock_gettime", matrix), ProbeDataError);
}

TEST(CheckVdsoDiff, GivesOneCheckPerEntryAndContextInIdOrder) {
  const AgentRun run(DiffDocuments());
  const std::vector<reports::CheckResult> results =
      CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths());
  const std::vector<std::string> ids = DiffCheckIds(targets::riscv::Truths());
  ASSERT_EQ(results.size(), ids.size());
  ASSERT_EQ(ids.size(), targets::riscv::Truths().entries.size() * DiffContexts().size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(results[i].id, ids[i]);
    EXPECT_TRUE(HasStatus(results[i], CheckStatus::kPass));
  }
  EXPECT_EQ(ids.front(), "vdso.diff.clock_gettime.init");
}

TEST(CheckVdsoDiff, FailsOnlyTheContextThatDiverges) {
  nlohmann::json documents = DiffDocuments();
  nlohmann::json& vfork = documents[1]["data"]["contexts"][2];
  ASSERT_EQ(vfork["context"], "vfork");
  RowOfClock(vfork["matrix"]["clock_gettime"], 7)["vdso"]["sec"] = 90;
  const AgentRun run(documents);
  const std::vector<reports::CheckResult> results =
      CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths());
  EXPECT_TRUE(FailsWithReproducer(*FindCheck(results, "vdso.diff.clock_gettime.vfork")));
  EXPECT_TRUE(HasStatus(*FindCheck(results, "vdso.diff.clock_gettime.init"), CheckStatus::kPass));
}

TEST(CheckVdsoDiff, SkipsTimeNamespacesWhenTheKernelHasNone) {
  nlohmann::json documents = DiffDocuments();
  nlohmann::json& timens = documents[1]["data"]["contexts"][3];
  timens["setup"] = {{"unshare_errno", 22}};
  timens["error"] = "unshare(CLONE_NEWTIME): Invalid argument";
  timens["matrix"] = nullptr;
  const AgentRun run(documents);
  const std::vector<reports::CheckResult> results =
      CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths());
  EXPECT_TRUE(HasStatus(*FindCheck(results, "vdso.diff.getcpu.timens"), CheckStatus::kSkip));
}

TEST(CheckVdsoDiff, ErrorsWhenAContextCouldNotBeEntered) {
  nlohmann::json documents = DiffDocuments();
  nlohmann::json& mremap = documents[1]["data"]["contexts"][5];
  mremap["error"] = "mremap [vvar]: Invalid argument";
  mremap["matrix"] = nullptr;
  const AgentRun run(documents);
  const std::vector<reports::CheckResult> results =
      CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths());
  EXPECT_TRUE(
      HasStatus(*FindCheck(results, "vdso.diff.clock_gettime.mremap"), CheckStatus::kError));
}

TEST(CheckVdsoDiff, ErrorsWhenAContextIsMissing) {
  nlohmann::json documents = DiffDocuments();
  documents[1]["data"]["contexts"].erase(6);  // tai
  const AgentRun run(documents);
  const std::vector<reports::CheckResult> results =
      CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths());
  EXPECT_TRUE(HasStatus(*FindCheck(results, "vdso.diff.gettimeofday.tai"), CheckStatus::kError));
}

TEST(CheckVdsoDiff, HangsWhenTheProbeHung) {
  nlohmann::json documents = DiffDocuments();
  documents[1]["status"] = "hang";
  documents[1]["data"] = {{"timeout_ms", 20000}, {"partial_output_bytes", 0}};
  const AgentRun run(documents);
  for (const reports::CheckResult& result :
       CheckVdsoDiff(run.Probe("vdso.diff"), targets::riscv::Truths())) {
    EXPECT_TRUE(HasStatus(result, CheckStatus::kHang));
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
