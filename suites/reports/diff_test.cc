// `vdsoconf report --diff`: each kind of change a user asked to see, made by editing a copy of the
// golden results (golden/results.json) and diffing the copy against the original.
#include "vdsoconf/reports/diff.h"

#include <gtest/gtest.h>

#include "report_test_support.h"

namespace vdsoconf::reports {
namespace {

KernelRun& Kernel(ResultsDocument& document, const std::string& spec) {
  for (auto& run : document.kernels) {
    if (run.spec == spec) return run;
  }
  throw std::runtime_error("no kernel " + spec + " in the golden results");
}

CheckResult& Check(KernelRun& run, const std::string& id) {
  for (auto& check : run.checks) {
    if (check.id == id) return check;
  }
  throw std::runtime_error("no check " + id + " on " + run.spec);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Diff, ARenamedSpecWithTheSameImageIsTheSameKernel) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  Kernel(after, "source:6.12").spec = "/srv/kernels/Image-6.12";
  ResultsDiff diff = DiffResults(before, after);
  EXPECT_TRUE(diff.new_checks.empty() && diff.removed_checks.empty()) << RenderDiffMarkdown(diff);
  ASSERT_EQ(diff.kernel_changes.size(), 1u) << RenderDiffMarkdown(diff);
  EXPECT_EQ(diff.kernel_changes[0].kernel, "/srv/kernels/Image-6.12");
  EXPECT_EQ(diff.kernel_changes[0].previous_spec, "source:6.12");
  EXPECT_FALSE(diff.Regressed()) << RenderDiffMarkdown(diff);
  EXPECT_TRUE(
      Contains(RenderDiffMarkdown(diff), "renamed from source:6.12 (same image a0b1c2d3e4f5)"))
      << RenderDiffMarkdown(diff);
}

// The diff speaks in findings: one cause failing in two new contexts is one new finding, a
// renamed kernel keeps its findings, and a finding that no longer fails is gone.
TEST(Diff, FindingsAppearAndGoOncePerCause) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  KernelRun& run = Kernel(after, "debian:latest");
  for (const char* context : {"init", "timens"}) {
    CheckResult check;
    check.id = std::string("vdso.diff.clock_getres.") + context;
    check.status = CheckStatus::kFail;
    check.message = "clock 16 differs in context " + std::string(context);
    check.finding = "vdso.diff.clock_getres";
    run.checks.push_back(check);
  }
  Check(Kernel(after, "source:6.1"), "timens.offsets").status = CheckStatus::kPass;
  Kernel(after, "source:6.12").spec = "/srv/kernels/Image-6.12";
  ResultsDiff diff = DiffResults(before, after);
  ASSERT_EQ(diff.new_findings.size(), 1u) << RenderDiffMarkdown(diff);
  EXPECT_EQ(diff.new_findings[0].key, "vdso.diff.clock_getres");
  EXPECT_EQ(diff.new_findings[0].kernels, std::vector<std::string>{"debian:latest"});
  ASSERT_EQ(diff.gone_findings.size(), 1u) << RenderDiffMarkdown(diff);
  EXPECT_EQ(diff.gone_findings[0].key, "timens.offsets");
  EXPECT_TRUE(Contains(RenderDiffMarkdown(diff), "### New findings (1)")) << RenderDiffMarkdown(diff);
  EXPECT_TRUE(Contains(RenderDiffHtml(diff), "<section id=\"gone_findings\">"));
  EXPECT_EQ(DiffToJson(diff)["new_findings"][0]["kernels"][0], "debian:latest");
}

TEST(Diff, AnotherImageUnderAnotherSpecIsAnotherKernel) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  KernelRun& run = Kernel(after, "source:6.12");
  run.spec = "/srv/kernels/Image-6.12";
  run.image_sha256 = std::string(64, 'e');
  ResultsDiff diff = DiffResults(before, after);
  EXPECT_EQ(diff.new_checks.size(), run.checks.size());
  EXPECT_EQ(diff.kernel_changes.size(), 2u) << "one kernel added, one gone";
  EXPECT_TRUE(diff.Regressed()) << "new failing checks, and a kernel that ran is gone";
}

TEST(Diff, ANewReleaseAndImageOfTheSameSpecAreReported) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  KernelRun& run = Kernel(after, "debian:latest");
  const std::string old_version = run.version;
  ASSERT_FALSE(old_version.empty());
  const std::string new_version = "7.2.14+deb14-new";
  run.version = new_version;
  run.image_sha256 = std::string(64, 'f');
  ResultsDiff diff = DiffResults(before, after);
  ASSERT_EQ(diff.kernel_changes.size(), 1u) << RenderDiffMarkdown(diff);
  const KernelChange& change = diff.kernel_changes[0];
  EXPECT_EQ(change.version_before, old_version);
  EXPECT_EQ(change.version_after, new_version);
  EXPECT_EQ(change.image_after, std::string(64, 'f'));
  EXPECT_EQ(change.before, change.after) << "ran both times";
  EXPECT_TRUE(
      Contains(RenderDiffMarkdown(diff), "release " + old_version + " → " + new_version))
      << RenderDiffMarkdown(diff);
  EXPECT_EQ(DiffToJson(diff)["kernels"][0]["version_after"], new_version);
  EXPECT_FALSE(diff.Regressed());
}

TEST(Diff, AStillFailingCheckWithOtherProblemsIsReported) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  CheckResult& was = Check(Kernel(before, "source:6.12"), "clock.monotonic.agrees");
  was.evidence["problems"] = {"CLOCK_MONOTONIC: vDSO time is 1500212 ns after the syscall",
                              "CLOCK_BOOTTIME: vDSO time is 9 ns after the syscall"};
  CheckResult& is = Check(Kernel(after, "source:6.12"), "clock.monotonic.agrees");
  is.evidence["problems"] = {"CLOCK_MONOTONIC: vDSO time is 1700000 ns after the syscall",
                             "CLOCK_TAI: vDSO returned -22, the syscall 0"};
  ResultsDiff diff = DiffResults(before, after);
  ASSERT_EQ(diff.problems_changed.size(), 1u) << RenderDiffMarkdown(diff);
  const CheckChange& change = diff.problems_changed[0];
  EXPECT_EQ(change.check, "clock.monotonic.agrees");
  EXPECT_EQ(change.problems_gone,
            std::vector<std::string>{"CLOCK_BOOTTIME: vDSO time is 9 ns after the syscall"});
  EXPECT_EQ(change.problems_new,
            std::vector<std::string>{"CLOCK_TAI: vDSO returned -22, the syscall 0"})
      << "the CLOCK_MONOTONIC problem only measured another value: the same problem";
  EXPECT_TRUE(Contains(RenderDiffMarkdown(diff), "  - new: CLOCK\\_TAI: vDSO returned -22"))
      << RenderDiffMarkdown(diff);
  EXPECT_FALSE(diff.Regressed()) << "it failed before too";
}

TEST(Diff, AStillFailingCheckWithoutProblemsListComparesItsMessage) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  Check(Kernel(after, "source:6.1"), "timens.offsets").message =
      "CLOCK_MONOTONIC in a time namespace ignores the offset";
  EXPECT_EQ(DiffResults(before, after).problems_changed.size(), 1u);
  Check(Kernel(after, "source:6.1"), "timens.offsets").message =
      "CLOCK_BOOTTIME in a time namespace ignores the offset";
  EXPECT_TRUE(DiffResults(before, after).problems_changed.empty()) << "the same message";
}

TEST(Diff, NumbersAreMaskedWhenProblemsAreCompared) {
  EXPECT_EQ(ProblemShape("seq=0x30a ran 1.5 ms ahead (limit 2 us)"),
            "seq=N ran N ms ahead (limit N us)");
  EXPECT_NE(ProblemShape("CLOCK_TAI: 3 ns"), ProblemShape("CLOCK_BOOTTIME: 3 ns"));
}

TEST(Diff, PassToSkipIsLostCoverageAndARegression) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  CheckResult& check = Check(Kernel(after, "debian:latest"), "getrandom.vdso_matches_model");
  check.status = CheckStatus::kSkip;
  check.message = "kernel has no __vdso_getrandom";
  ResultsDiff diff = DiffResults(before, after);
  ASSERT_EQ(diff.lost_coverage.size(), 1u) << RenderDiffMarkdown(diff);
  EXPECT_EQ(diff.lost_coverage[0].before, "pass");
  EXPECT_EQ(diff.lost_coverage[0].after, "skip");
  EXPECT_TRUE(diff.other_changes.empty());
  EXPECT_TRUE(diff.Regressed()) << "a skip can hide what the check would find";
  EXPECT_TRUE(
      Contains(RenderDiffMarkdown(diff), "### Lost coverage (judged before, skipped now) (1)"))
      << RenderDiffMarkdown(diff);
}

TEST(Diff, HtmlShowsEveryListAndTheKernels) {
  ResultsDocument before = testing::GoldenResults(), after = before;
  Check(Kernel(after, "debian:latest"), "getrandom.vdso_matches_model").status = CheckStatus::kSkip;
  Kernel(after, "source:6.12").spec = "source:6.12<i>renamed</i>";
  Check(Kernel(after, "source:6.12<i>renamed</i>"), "clock.monotonic.agrees").message = "other";
  std::string html = RenderDiffHtml(DiffResults(before, after));
  for (const char* part : {"<section id=\"lost_coverage\">", "<section id=\"problems_changed\">",
                           "<section id=\"kernels\">", "renamed from source:6.12",
                           "source:6.12&lt;i&gt;renamed&lt;/i&gt;", "badge fail\">regressed"}) {
    EXPECT_TRUE(Contains(html, part)) << part << "\n" << html;
  }
  EXPECT_FALSE(Contains(html, "<i>")) << "kernel strings are escaped";
  EXPECT_FALSE(Contains(html, "<script")) << "a self-contained page without script";
}

}  // namespace
}  // namespace vdsoconf::reports
