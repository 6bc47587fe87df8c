// Findings: failing checks grouped by cause (reports/include/vdsoconf/reports/findings.h).
#include "vdsoconf/reports/findings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vdsoconf::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

CheckResult Check(std::string id, CheckStatus status, std::string message, std::string finding = "",
                  nlohmann::json reproducer = nullptr) {
  CheckResult check;
  check.id = std::move(id);
  check.status = status;
  check.message = std::move(message);
  check.finding = std::move(finding);
  check.reproducer = std::move(reproducer);
  return check;
}

KernelRun Booted(std::string spec, std::vector<CheckResult> checks) {
  KernelRun run;
  run.spec = std::move(spec);
  run.version = "7.2.13+deb14-cloud";
  run.boot.status = "completed";
  run.checks = std::move(checks);
  return run;
}

const nlohmann::json kDiffReproducer = {{"probe", "vdso.diff"}};

// The 7.2 clock_getres finding as the matrix sees it: one cause, several contexts, two kernels.
ResultsDocument ClockGetresOnTwoKernels() {
  ResultsDocument document;
  for (const char* spec : {"debian:latest", "source:7.2"}) {
    std::vector<CheckResult> checks;
    for (const char* context : {"init", "thread", "timens"}) {
      checks.push_back(
          Check(std::string("vdso.diff.clock_getres.") + context, CheckStatus::kFail,
                "clock 16: vDSO 0 / 1 ns, syscall -22 in context " + std::string(context),
                "vdso.diff.clock_getres", kDiffReproducer));
    }
    checks.push_back(
        Check("vdso.diff.clock_gettime.init", CheckStatus::kPass, "agrees", "", kDiffReproducer));
    document.kernels.push_back(Booted(spec, checks));
  }
  return document;
}

TEST(Findings, ChecksWithOneKeyOnSeveralKernelsAreOneFinding) {
  const std::vector<Finding> findings = CollectFindings(ClockGetresOnTwoKernels());
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.key, "vdso.diff.clock_getres");
  EXPECT_THAT(finding.kernels, ElementsAre("debian:latest", "source:7.2"));
  EXPECT_THAT(finding.contexts, ElementsAre("init", "thread", "timens"));
  EXPECT_EQ(finding.occurrences.size(), 6u);
  EXPECT_EQ(finding.title,
            "vdso.diff.clock_getres: clock N: vDSO N / N ns, syscall N in context init");
  EXPECT_EQ(finding.reproducer, "vdsoconf run --kernel debian:latest --suite vdso.diff");
}

TEST(Findings, ChecksWithDifferentKeysAreDifferentFindings) {
  ResultsDocument document = ClockGetresOnTwoKernels();
  document.kernels[1].checks[2].finding = "";  // the timens check of source:7.2: its own id
  const std::vector<Finding> findings = CollectFindings(document);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[1].key, "vdso.diff.clock_getres.timens");
  EXPECT_THAT(findings[1].kernels, ElementsAre("source:7.2"));
  EXPECT_THAT(findings[1].contexts, IsEmpty());
}

TEST(Findings, PassSkipAndInconclusiveChecksAndUnbootedKernelsAreNoFindings) {
  ResultsDocument document;
  document.kernels.push_back(Booted(
      "source:6.12", {Check("a.b", CheckStatus::kPass, ""), Check("a.c", CheckStatus::kSkip, "why"),
                      Check("a.d", CheckStatus::kInconclusive, "reader 1 got no CPU")}));
  KernelRun panicked = Booted("source:7.2", {Check("a.e", CheckStatus::kFail, "x")});
  panicked.boot.status = "panic";
  document.kernels.push_back(panicked);
  EXPECT_THAT(CollectFindings(document), IsEmpty());
  const std::string text = FindingsText(document);
  EXPECT_THAT(text, Not(HasSubstr("finding(s)")));
  EXPECT_THAT(text, HasSubstr("1 inconclusive check(s)"));
  EXPECT_THAT(text, HasSubstr("a.d on source:6.12: reader 1 got no CPU"));
}

TEST(Findings, TheFindingTakesTheMostSevereStatusOfItsChecks) {
  ResultsDocument document;
  document.kernels.push_back(Booted(
      "source:6.1+nojumplabel", {Check("stress.seqlock.writer", CheckStatus::kError,
                                       "probe ended with status crash", "agent.stress.seqlock"),
                                 Check("agent.stress.seqlock", CheckStatus::kFail, "probe crashed",
                                       "", {{"probe", "stress.seqlock"}})}));
  const std::vector<Finding> findings = CollectFindings(document);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, CheckStatus::kFail);
  EXPECT_THAT(findings[0].contexts, ElementsAre("stress.seqlock.writer"));
}

TEST(Findings, TheTerminalTextNamesEachFindingWithAReproducer) {
  const std::string text = FindingsText(ClockGetresOnTwoKernels());
  EXPECT_THAT(text, HasSubstr("1 finding(s):\n  FAIL  vdso.diff.clock_getres: clock N"));
  EXPECT_THAT(text, HasSubstr("seen on debian:latest, source:7.2 in 3 context(s): init thread "
                              "timens (6 failing check(s))"));
  EXPECT_THAT(text,
              HasSubstr("reproduce: vdsoconf run --kernel debian:latest --suite vdso.diff\n"));
}

TEST(NormalizedMessage, NumbersBecomeNButNamesKeepTheirDigits) {
  EXPECT_EQ(NormalizedMessage("reader 0 clock 5 went backwards 3 times (worst -120 ns)"),
            "reader N clock N went backwards N times (worst N ns)");
  EXPECT_EQ(NormalizedMessage("fault at 0x4 in elf64 vdso-0.so, CLOCK_AUX+0"),
            "fault at N in elf64 vdso-N.so, CLOCK_AUX+N");
  EXPECT_EQ(NormalizedMessage("a-1 b -2"), "a-N b N");
  EXPECT_EQ(NormalizedMessage("ran 1.5 ms ahead, v2.0."), "ran N ms ahead, v2.0.");
}

TEST(ReproducerCommand, ImageChecksGetACheckImageLine) {
  const KernelRun run = Booted("source:6.1+nojumplabel vdso-0.so", {});
  const CheckResult check = Check("check-image.seqlock", CheckStatus::kFail, "SIGSEGV");
  EXPECT_EQ(ReproducerCommand(run, check),
            "vdsoconf check-image --kernel source:6.1+nojumplabel --only seqlock");
}

TEST(ReproducerCommand, OddCharactersAreQuotedForTheShell) {
  const KernelRun run = Booted("/home/me/my kernel/Image", {});
  const CheckResult check =
      Check("bad_input.clock_gettime", CheckStatus::kFail, "", "", {{"probe", "bad_input"}});
  EXPECT_EQ(ReproducerCommand(run, check),
            "vdsoconf run --kernel '/home/me/my kernel/Image' --suite bad_input");
}

TEST(ReproducerCommand, ACheckThatNamesNoProbeReproducesWithTheWholeRun) {
  const KernelRun run = Booted("debian:latest", {});
  EXPECT_EQ(ReproducerCommand(run, Check("layout.btf", CheckStatus::kFail, "")),
            "vdsoconf run --kernel debian:latest");
  EXPECT_EQ(ReproducerCommand(run, Check("agent.vvar.dump", CheckStatus::kHang, "")),
            "vdsoconf run --kernel debian:latest --suite vvar.dump");
}

TEST(Results, FindingKeyAndInconclusiveRoundTrip) {
  ResultsDocument document = ClockGetresOnTwoKernels();
  document.kernels[0].checks.push_back(
      Check("stress.seqlock.monotonic", CheckStatus::kInconclusive, "reader 1 got no CPU"));
  const ResultsDocument read = FromJson(ToJson(document));
  EXPECT_EQ(read.kernels[0].checks[0].finding, "vdso.diff.clock_getres");
  EXPECT_EQ(read.kernels[0].checks.back().status, CheckStatus::kInconclusive);
  EXPECT_EQ(ToJson(document)["summary"]["inconclusive"], 1);
}

TEST(Results, InconclusiveChecksAloneDoNotFailTheRun) {
  ResultsDocument document;
  document.kernels.push_back(Booted(
      "debian:latest",
      {Check("a.b", CheckStatus::kPass, ""), Check("a.c", CheckStatus::kInconclusive, "no CPU")}));
  EXPECT_EQ(ExitCodeFor(document), 0);
  document.kernels[0].checks.push_back(Check("a.d", CheckStatus::kFail, "wrong"));
  EXPECT_EQ(ExitCodeFor(document), 1);
}

}  // namespace
}  // namespace vdsoconf::reports
