// Golden files: every report format of the hand-written 4-kernel results (golden/results.json) is
// compared byte for byte with golden/expected/. After an intended change, regenerate with
//   VDSOCONF_UPDATE_GOLDEN=1 ctest -R Golden
// and review the diff of golden/expected/ like code.
#include <gtest/gtest.h>

#include <cstdlib>

#include "report_test_support.h"
#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/report.h"

namespace vdsoconf::reports {
namespace {

using testing::GoldenDir;
using testing::ReadFile;

bool Updating() {
  const char* value = std::getenv("VDSOCONF_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// Compares `actual` with golden/expected/<name>, or rewrites it when updating. On a difference,
// names the first differing line with both versions.
::testing::AssertionResult MatchesGolden(const std::string& name, const std::string& actual) {
  std::string path = GoldenDir() + "/expected/" + name;
  if (Updating()) {
    testing::WriteFile(path, actual);
    return ::testing::AssertionSuccess() << "rewrote " << path;
  }
  std::string expected = ReadFile(path);
  if (expected == actual) return ::testing::AssertionSuccess();
  std::istringstream a(actual), e(expected);
  std::string actual_line, expected_line;
  for (int line = 1;; ++line) {
    bool more_actual = static_cast<bool>(std::getline(a, actual_line));
    bool more_expected = static_cast<bool>(std::getline(e, expected_line));
    if (!more_actual && !more_expected) break;
    if (!more_actual || !more_expected || actual_line != expected_line) {
      return ::testing::AssertionFailure()
             << path << " differs at line " << line
             << "\n  expected: " << (more_expected ? expected_line : "<end of file>")
             << "\n  actual:   " << (more_actual ? actual_line : "<end of file>")
             << "\n(VDSOCONF_UPDATE_GOLDEN=1 rewrites the expected files)";
    }
  }
  return ::testing::AssertionFailure() << path << " differs (line endings?)";
}

TEST(Golden, InputCoversEveryCaseTheReportsMustShow) {
  ResultsDocument document = testing::GoldenResults();
  ASSERT_EQ(document.kernels.size(), 4u);
  bool clean = false, panicked = false, hang = false, fail = false, skip_with_reason = false,
       known = false;
  for (const auto& run : document.kernels) {
    if (run.boot.status == "panic" && run.checks.empty()) panicked = true;
    bool all_pass = !run.checks.empty() && !run.InfraFailed();
    for (const auto& check : run.checks) {
      all_pass = all_pass && check.status == CheckStatus::kPass;
      hang |= check.status == CheckStatus::kHang;
      fail |= check.status == CheckStatus::kFail;
      skip_with_reason |= check.status == CheckStatus::kSkip && !check.message.empty();
      known |= !check.known_issue.empty();
    }
    clean |= all_pass;
  }
  EXPECT_TRUE(clean && panicked && hang && fail && skip_with_reason && known)
      << "clean=" << clean << " panicked=" << panicked << " hang=" << hang << " fail=" << fail
      << " skip_with_reason=" << skip_with_reason << " known_issue=" << known;
  EXPECT_FALSE(document.fuzzing.empty()) << "the fuzzing plots need a campaign";
}

TEST(Golden, EveryFormatMatchesItsExpectedFile) {
  ResultsDocument document = testing::GoldenResults();
  ReportOptions options;
  options.layouts = testing::FixedLayouts();
  for (ReportFormat format : kAllReportFormats) {
    std::string name(ReportFileName(format));
    EXPECT_TRUE(MatchesGolden(name, RenderReport(document, format, options)))
        << "format " << ReportFormatName(format);
  }
}

TEST(Golden, DiffAgainstThePreviousRunMatchesItsExpectedFiles) {
  ResultsDocument before = ReadResults(GoldenDir() + "/results-previous.json");
  ResultsDocument after = testing::GoldenResults();
  ResultsDiff diff = DiffResults(before, after);
  EXPECT_TRUE(MatchesGolden("diff.md", RenderDiffMarkdown(diff)));
  EXPECT_TRUE(MatchesGolden("diff.json", DiffToJson(diff).dump(2) + "\n"));
  EXPECT_TRUE(MatchesGolden("diff.html", RenderDiffHtml(diff)));
}

TEST(Golden, RenderingIsDeterministic) {
  ResultsDocument document = testing::GoldenResults();
  for (ReportFormat format : kAllReportFormats) {
    EXPECT_EQ(RenderReport(document, format), RenderReport(document, format))
        << ReportFormatName(format);
  }
}

}  // namespace
}  // namespace vdsoconf::reports
