// bad_input.<entry> checks, with RISC-V's truths, on synthetic probe documents built from the
// reference table of the RISC-V model: a kernel
// that answers as documented passes, each wrong answer fails with a reproducer, and a divergence
// between vDSO and syscall fails even where the model predicts it.
#include "vdsoconf/live/bad_input_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using ref::Generation;
using reports::CheckStatus;

// The step a kernel answering exactly as the model says would write for `c`.
nlohmann::json ConformingCase(const ref::BadInputCase& c, Generation generation) {
  const std::int64_t syscall_ret = c.syscall.value_or(-22);
  nlohmann::json vdso = nullptr;
  if (ref::riscv::FindVdsoEntryPoint(generation, "__vdso_" + std::string(c.entry)) != nullptr) {
    ref::BadInputContext context;
    context.generation = generation;
    switch (ref::ExpectedVdsoAnswer(c, context)) {
      case ref::VdsoBadInputAnswer::kFaults:
        vdso = {{"signal", 11}, {"code", 2}, {"address", 4096}};
        break;
      case ref::VdsoBadInputAnswer::kReturns:
        vdso = {{"ret", c.vdso_ret}, {"out", {-1, 0}}};
        break;
      case ref::VdsoBadInputAnswer::kFallback:
        vdso = {{"ret", syscall_ret}, {"out", {-1, 0}}};
        break;
    }
  }
  return {{"case", c.name}, {"vdso", vdso}, {"syscall", {{"ret", syscall_ret}, {"out", {-1, 0}}}}};
}

ProbeDocument ConformingProbe(Generation generation) {
  ProbeDocument probe;
  probe.probe = "vdso.bad_input";
  probe.status = "ok";
  nlohmann::json steps = nlohmann::json::array({{{"crng_ready", true}}});
  for (const ref::BadInputCase& c : ref::AllBadInputCases(*targets::riscv::Truths().model)) {
    steps.push_back(ConformingCase(c, generation));
  }
  probe.data = {{"steps", steps},
                {"termination", {{"exit_code", 0}, {"signal", 0}, {"timed_out", false}}}};
  return probe;
}

nlohmann::json& Case(ProbeDocument& probe, const std::string& name) {
  for (nlohmann::json& step : probe.data["steps"]) {
    if (step.contains("case") && step["case"] == name) return step;
  }
  throw std::runtime_error("no case " + name);
}

reports::CheckResult Verdict(const ProbeDocument& probe, Generation generation,
                             const std::string& entry) {
  const std::vector<reports::CheckResult> checks =
      CheckBadInput(&probe, generation, targets::riscv::Truths());
  const reports::CheckResult* check = FindCheck(checks, "bad_input." + entry);
  if (check == nullptr) throw std::runtime_error("no check for " + entry);
  return *check;
}

TEST(CheckBadInput, PassesWhenEveryEntryAnswersAsDocumented) {
  const ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  for (const char* entry :
       {"clock_gettime", "clock_getres", "gettimeofday", "getcpu", "getrandom", "flush_icache"}) {
    EXPECT_TRUE(HasStatus(Verdict(probe, Generation::kLinux7_2, entry), CheckStatus::kPass));
  }
}

TEST(CheckBadInput, FailsOnTheHwprobeDivergenceEvenThoughTheModelPredictsIt) {
  // Homogeneous harts: the vDSO ignores the cpu set and returns 0, the syscall -EFAULT/-EINVAL.
  const ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  const reports::CheckResult check = Verdict(probe, Generation::kLinux7_2, "riscv_hwprobe");
  EXPECT_TRUE(FailsWithReproducer(check));
  EXPECT_NE(check.reproducer.dump().find("cpus_unmapped"), std::string::npos) << Show(check);
}

TEST(CheckBadInput, FailsWhenTheHwprobeSyscallContradictsTheModel) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_12);
  for (const char* name : {"riscv_hwprobe.cpus_unmapped.size_8", "riscv_hwprobe.cpus_empty.size_8",
                           "riscv_hwprobe.count_wraps"}) {
    Case(probe, name)["syscall"]["ret"] = 0;  // a kernel where the syscall agreed...
  }
  // ...would contradict the model's syscall prediction: still a failure, for the other reason.
  const reports::CheckResult check = Verdict(probe, Generation::kLinux6_12, "riscv_hwprobe");
  EXPECT_TRUE(FailsWithReproducer(check));
  EXPECT_NE(check.message.find("the model says"), std::string::npos) << Show(check);
}

TEST(CheckBadInput, FailsWhenTheVdsoReturnsEfaultInsteadOfFaulting) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "clock_gettime.monotonic.read_only")["vdso"] = {{"ret", -14}, {"out", {0, 0}}};
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "clock_gettime")));
}

TEST(CheckBadInput, FailsWhenTheVdsoFaultsWhereItFallsBack) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "clock_getres.process_cputime.read_only")["vdso"] = {{"signal", 11}};
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "clock_getres")));
}

TEST(CheckBadInput, FailsWhenAFallbackAnswersDifferentlyFromTheSyscall) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "getcpu.cpu_read_only")["vdso"]["ret"] = 0;
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "getcpu")));
}

TEST(CheckBadInput, FailsWhenTheSyscallReturnsWhatTheModelDoesNotSay) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "gettimeofday.tv_null.tz_unmapped")["syscall"]["ret"] = 0;
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "gettimeofday")));
}

TEST(CheckBadInput, FailsWhenHwprobeOutputsDiffer) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_12);
  Case(probe, "riscv_hwprobe.key_1000")["vdso"]["out"] = {1000, 0};
  const reports::CheckResult check = Verdict(probe, Generation::kLinux6_12, "riscv_hwprobe");
  EXPECT_TRUE(FailsWithReproducer(check));
  EXPECT_NE(check.evidence.dump().find("different outputs"), std::string::npos) << Show(check);
}

TEST(CheckBadInput, FailsWhenCasesAreMissingBecauseTheBatchDied) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  nlohmann::json& steps = probe.data["steps"];
  steps.erase(steps.begin() + 20, steps.end());
  probe.data["termination"] = {{"exit_code", nullptr}, {"signal", 11}, {"timed_out", false}};
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "getcpu")));
}

TEST(CheckBadInput, FailsWhenAnExportedEntryWasNotFound) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "flush_icache.flags_2")["vdso"] = nullptr;
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "flush_icache")));
}

TEST(CheckBadInput, GetrandomFallsBackBeforeTheCrngIsReady) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  probe.data["steps"][0]["crng_ready"] = false;
  // A faulting vDSO getrandom before the crng is ready contradicts the model.
  EXPECT_TRUE(FailsWithReproducer(Verdict(probe, Generation::kLinux7_2, "getrandom")));
  Case(probe, "getrandom.buffer_read_only.state_valid")["vdso"] = {{"ret", -14}, {"out", {0, 0}}};
  EXPECT_TRUE(HasStatus(Verdict(probe, Generation::kLinux7_2, "getrandom"), CheckStatus::kPass));
}

TEST(CheckBadInput, SkipsEntriesTheGenerationDoesNotExport) {
  const ProbeDocument probe = ConformingProbe(Generation::kLinux6_1);
  EXPECT_TRUE(
      HasStatus(Verdict(probe, Generation::kLinux6_1, "riscv_hwprobe"), CheckStatus::kSkip));
  EXPECT_TRUE(HasStatus(Verdict(probe, Generation::kLinux6_1, "getrandom"), CheckStatus::kSkip));
  EXPECT_TRUE(
      HasStatus(Verdict(probe, Generation::kLinux6_1, "clock_gettime"), CheckStatus::kPass));
}

TEST(CheckBadInput, ErrorsOnMalformedDataAndUnfinishedProbes) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Case(probe, "getcpu.cpu_unmapped")["syscall"].erase("ret");
  for (const reports::CheckResult& check :
       CheckBadInput(&probe, Generation::kLinux7_2, targets::riscv::Truths())) {
    EXPECT_TRUE(HasStatus(check, CheckStatus::kError));
  }
  probe.status = "hang";
  for (const reports::CheckResult& check :
       CheckBadInput(&probe, Generation::kLinux7_2, targets::riscv::Truths())) {
    EXPECT_TRUE(HasStatus(check, CheckStatus::kHang));
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
