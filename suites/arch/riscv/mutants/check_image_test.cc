// The image checker against the project's mutants: `vdsoconf check-image --image PATH` passes
// the baseline (exit 0) and rejects every mutant (exit 1; 2 would mean it could not check).
#include <gtest/gtest.h>

#include <regex>

#include "mutants_harness.h"
#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;

// results.json goes to `out` (removed with the test directory); the bare-loop measurement is
// left out: it says nothing about the verdict.
SubprocessResult CheckImage(const fs::path& image, const fs::path& out) {
  return RunSubprocess({VDSOCONF_BINARY, "check-image", "--image", image.string(), "--out",
                        out.string(), "--no-bare-loop"},
                       {.timeout = std::chrono::minutes(10)});
}

class CheckImageOnMutants : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckImageOnMutants, PassesTheBaselineAndRejectsEveryMutant) {
  const fs::path out = testing::TestDirectory();
  const testing::BuildRun run = testing::RunMutantsBuild(GetParam(), out);
  ASSERT_EQ(run.exit_code, 0) << run.standard_error;
  ASSERT_GT(run.images.size(), 1u) << run.standard_error;
  for (const auto& image : run.images) {
    const SubprocessResult result = CheckImage(image.path, out / ("check-" + image.name));
    const int expected = image.name == "baseline" ? 0 : 1;
    EXPECT_TRUE(result.exited && result.exit_code == expected)
        << "check-image on " << image.name << " (" << image.path << "): " << result.Describe()
        << ", expected exit " << expected << "\n--- output ---\n"
        << result.output;
  }
  RemoveTree(out);
}

INSTANTIATE_TEST_SUITE_P(Lines, CheckImageOnMutants, ::testing::Values("7.2", "6.12"),
                         [](const auto& param_info) {
                           return std::regex_replace(param_info.param, std::regex("\\."), "_");
                         });

}  // namespace
}  // namespace vdsoconf::riscv::mutants
