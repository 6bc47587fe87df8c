// `vdsoconf report` run as the real program: inputs, outputs and exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_test_support.h"

namespace vdsoconf::reports {
namespace {

using testing::GoldenDir;
using testing::RunTool;

SubprocessResult Report(std::vector<std::string> args) {
  args.insert(args.begin(), {VDSOCONF_PROGRAM, "report"});
  return RunTool(args, 60);
}

TEST(ReportCommand, WritesTheGoldenFormatsFromARunDirectory) {
  std::string out = testing::ScratchDir("cli") + "/report.ktap";
  SubprocessResult result = Report({"--in", GoldenDir(), "--format", "ktap", "--out", out});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  EXPECT_EQ(testing::ReadFile(out), testing::ReadFile(GoldenDir() + "/expected/results.ktap"));
}

TEST(ReportCommand, SeveralFormatsGoToAnOutputDirectory) {
  std::string dir = testing::ScratchDir("cli-dir");
  SubprocessResult result = Report(
      {"--in", GoldenDir() + "/results.json", "--format", "html,junit,kcidb", "--out-dir", dir});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  for (const char* file : {"report.html", "junit.xml", "kcidb.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  }
  EXPECT_NE(testing::ReadFile(dir + "/report.html").find("vdso_time_data"), std::string::npos)
      << "the program wires the reference layout tables into the HTML";
}

TEST(ReportCommand, MergesSeveralInputs) {
  SubprocessResult result =
      Report({"--in", GoldenDir(), GoldenDir() + "/results-previous.json", "--format", "json"});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  nlohmann::json merged = nlohmann::json::parse(result.output);
  EXPECT_EQ(merged["kernels"].size(), 8u);
}

TEST(ReportCommand, BadInputExitsTwoWithTheReason) {
  std::string dir = testing::ScratchDir("cli-bad");
  nlohmann::json newer = nlohmann::json::parse(testing::ReadFile(GoldenDir() + "/results.json"));
  newer["schema_version"] = 99;
  testing::WriteFile(dir + "/newer.json", newer.dump());
  testing::WriteFile(dir + "/half.json",
                     testing::ReadFile(GoldenDir() + "/results.json").substr(0, 500));
  struct Case {
    std::string input, reason;
  } cases[] = {{dir + "/newer.json", "newer than this vdsoconf"},
               {dir + "/half.json", "not valid JSON"},
               {dir + "/missing.json", "does not exist"},
               {dir, "has no results.json"}};
  for (const auto& c : cases) {
    SubprocessResult result = Report({"--in", c.input, "--format", "html"});
    EXPECT_TRUE(result.exited && result.exit_code == 2) << c.input << ": " << result.Describe();
    EXPECT_NE(result.output.find(c.reason), std::string::npos) << c.input << ":\n" << result.output;
    EXPECT_EQ(result.output.find("<html"), std::string::npos) << "no half report for " << c.input;
  }
}

TEST(ReportCommand, UsageErrorsExit64) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--in", GoldenDir(), "--format", "pdf"},
        std::vector<std::string>{"--in", GoldenDir()},
        std::vector<std::string>{"--in", GoldenDir(), "--format", "html,junit"}}) {
    SubprocessResult result = Report(args);
    EXPECT_TRUE(result.exited && result.exit_code == 64)
        << ::testing::PrintToString(args) << ": " << result.Describe() << "\n"
        << result.output;
  }
}

TEST(ReportCommand, DiffExitsOneOnRegressionAndZeroOtherwise) {
  std::string previous = GoldenDir() + "/results-previous.json",
              now = GoldenDir() + "/results.json";
  SubprocessResult regressed = Report({"--diff", previous, now});
  EXPECT_TRUE(regressed.exited && regressed.exit_code == 1) << regressed.Describe();
  EXPECT_EQ(regressed.output, testing::ReadFile(GoldenDir() + "/expected/diff.md"));
  SubprocessResult same = Report({"--diff", now, now, "--format", "json"});
  EXPECT_TRUE(same.exited && same.exit_code == 0) << same.Describe() << "\n" << same.output;
  EXPECT_FALSE(nlohmann::json::parse(same.output)["regressed"].get<bool>());
}

TEST(ReportCommand, DiffWritesHtmlToo) {
  std::string out = testing::ScratchDir("cli-diff") + "/diff.html";
  SubprocessResult result =
      Report({"--diff", GoldenDir() + "/results-previous.json", GoldenDir() + "/results.json",
              "--format", "html", "--out", out});
  EXPECT_TRUE(result.exited && result.exit_code == 1) << result.Describe() << "\n" << result.output;
  EXPECT_EQ(testing::ReadFile(out), testing::ReadFile(GoldenDir() + "/expected/diff.html"));
  SubprocessResult pdf = Report({"--diff", GoldenDir(), GoldenDir(), "--format", "pdf"});
  EXPECT_TRUE(pdf.exited && pdf.exit_code == 64) << pdf.Describe();
}

}  // namespace
}  // namespace vdsoconf::reports
