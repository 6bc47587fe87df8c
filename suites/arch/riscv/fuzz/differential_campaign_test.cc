// The differential fuzzer against real images, through `vdsoconf fuzz` (the binary under test):
// a deliberately broken reader (the "mask-not-applied" mutant of 6.12: do_hres() drops `& mask`
// from the counter delta, so a counter that wrapped past the mask gives a huge delta) is found
// within a minute, and the same campaign on the mutants' own baseline finds nothing in a short
// run. The images come from `vdsoconf mutants build` (cached after the first build).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "mutants_harness.h"
#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::fuzz {
namespace {

namespace fs = std::filesystem;
using riscv::mutants::testing::BuildRun;
using riscv::mutants::testing::ListedImage;

const ListedImage* FindImage(const BuildRun& run, const std::string& name) {
  for (const auto& image : run.images) {
    if (image.name == name) return &image;
  }
  return nullptr;
}

struct CampaignRun {
  SubprocessResult process;
  nlohmann::json summary;
  double seconds = 0;
};

CampaignRun Fuzz(const fs::path& image, int seconds, const fs::path& out) {
  const auto start = std::chrono::steady_clock::now();
  CampaignRun run;
  SubprocessOptions options;
  // After the campaign every kept crash is replayed (a second or two each: each replay starts
  // the executor) and each distinct finding minimised.
  options.timeout = std::chrono::seconds(seconds + 900);
  options.working_directory = VDSOCONF_SOURCE_DIR;
  run.process =
      RunSubprocess({VDSOCONF_BINARY, "fuzz", "--target", "differential", "--image", image.string(),
                     "--time", std::to_string(seconds), "--out", out.string(), "--fuzzer-dir",
                     VDSOCONF_FUZZER_DIR, "--report", "json,html", "--minimize-time", "5"},
                    options);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ifstream in(out / "fuzz-summary.json");
  run.summary = nlohmann::json::parse(in, nullptr, false);
  return run;
}

class DifferentialCampaign : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = riscv::mutants::testing::TestDirectory();
    build_ = riscv::mutants::testing::RunMutantsBuild("6.12", dir_ / "images");
    ASSERT_EQ(build_.exit_code, 0) << build_.standard_error;
  }
  void TearDown() override { RemoveTree(dir_); }

  fs::path dir_;
  BuildRun build_;
};

TEST_F(DifferentialCampaign, FindsTheMaskNotAppliedMutantWithinAMinute) {
  const ListedImage* mutant = FindImage(build_, "mask-not-applied");
  ASSERT_NE(mutant, nullptr) << build_.standard_error;
  const CampaignRun run = Fuzz(mutant->path, 60, dir_ / "mutant");
  ASSERT_TRUE(run.summary.is_object()) << run.process.Describe() << "\n" << run.process.output;
  EXPECT_EQ(run.summary.value("infra_error", "?"), "") << run.process.output;
  bool divergence = false;
  for (const auto& finding : run.summary["findings"]) {
    divergence = divergence || finding.value("class", "") == "image-divergence";
  }
  EXPECT_TRUE(divergence) << "no image-divergence finding on " << mutant->path << " in "
                          << run.seconds
                          << " s; summary findings: " << run.summary["findings"].dump() << "\n"
                          << run.process.output;
  EXPECT_EQ(run.summary.value("exit_code", -1), 1) << run.process.output;
  // The report carries the campaign: results.json's "fuzzing" section and the HTML page.
  std::ifstream results(dir_ / "mutant" / "results.json");
  const auto document = nlohmann::json::parse(results, nullptr, false);
  ASSERT_TRUE(document.is_object()) << run.process.output;
  ASSERT_EQ(document["fuzzing"].size(), 1u) << document.dump();
  EXPECT_FALSE(document["fuzzing"][0]["samples"].empty()) << document["fuzzing"].dump();
  std::ifstream html_file(dir_ / "mutant" / "report.html");
  const std::string html((std::istreambuf_iterator<char>(html_file)), {});
  EXPECT_NE(html.find("differential"), std::string::npos)
      << "report.html does not mention the campaign's target (" << html.size() << " bytes)";
}

TEST_F(DifferentialCampaign, TheBaselineGivesNoFindingInAShortRun) {
  const ListedImage* baseline = FindImage(build_, "baseline");
  ASSERT_NE(baseline, nullptr) << build_.standard_error;
  const CampaignRun run = Fuzz(baseline->path, 30, dir_ / "baseline");
  ASSERT_TRUE(run.summary.is_object()) << run.process.Describe() << "\n" << run.process.output;
  EXPECT_EQ(run.summary.value("infra_error", "?"), "") << run.process.output;
  for (const auto& finding : run.summary["findings"]) {
    EXPECT_EQ(finding.value("class", ""), "documented-behaviour")
        << "finding on the baseline " << baseline->path << ": " << finding.dump();
  }
  EXPECT_EQ(run.summary.value("exit_code", -1), 0) << run.process.output;
  EXPECT_GT(run.summary["final"].value("execs", 0), 0) << run.summary.dump();
}

}  // namespace
}  // namespace vdsoconf::fuzz
