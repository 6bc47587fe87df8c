// The real mutants: `vdsoconf mutants build` on the linux_sources fixture's kernel lines gives a
// valid vDSO per mutant whose code differs from the baseline, leaves the shared source tree as
// it was, and serves a second run from the cache.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>

#include "mutants_harness.h"
#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/riscv/mutants/catalog.h"
#include "vdsoconf/riscv/mutants/image_validation.h"
#include "vdsoconf/riscv/mutants/mutant_build.h"
#include "vdsoconf/riscv/mutants/source_patch.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;
using testing::BuildRun;
using testing::RunMutantsBuild;

class MutantImages : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    out_ = testing::TestDirectory();
    run_ = RunMutantsBuild(GetParam(), out_);
    ASSERT_EQ(run_.exit_code, 0) << "vdsoconf mutants build --kernel-line " << GetParam() << ":\n"
                                 << run_.standard_error;
  }
  void TearDown() override { RemoveTree(out_); }

  fs::path out_;
  BuildRun run_;
};

std::string Problems(const std::vector<std::string>& problems) {
  std::string joined;
  for (const auto& problem : problems) joined += "\n  " + problem;
  return joined;
}

TEST_P(MutantImages, PrintsTheBaselineThenEveryMutant) {
  std::vector<std::string> expected{"baseline"};
  for (const auto& mutant : MutantsFor(GetParam())) expected.push_back(mutant.name);
  std::vector<std::string> printed;
  for (const auto& image : run_.images) printed.push_back(image.name);
  EXPECT_EQ(printed, expected) << run_.standard_error;
  for (const auto& image : run_.images) {
    EXPECT_EQ(image.path, out_ / (image.name + ".so"));
    EXPECT_EQ(Sha256File(image.path), image.sha256) << image.path;
  }
}

TEST_P(MutantImages, EveryImageIsAValidRiscvVdso) {
  for (const auto& image : run_.images) {
    const auto problems = VdsoImageProblems(ReadBinaryFile(image.path));
    EXPECT_TRUE(problems.empty()) << image.name << " (" << image.path << "):" << Problems(problems);
  }
}

TEST_P(MutantImages, EveryMutantChangesTheBaselineCode) {
  ASSERT_FALSE(run_.images.empty());
  const auto baseline = TextSection(ReadBinaryFile(run_.images.front().path));
  for (std::size_t i = 1; i < run_.images.size(); ++i) {
    const auto text = TextSection(ReadBinaryFile(run_.images[i].path));
    EXPECT_NE(text, baseline) << run_.images[i].name << ": .text (" << text.size()
                              << " bytes) equals the baseline's (" << baseline.size() << ")";
    EXPECT_NE(run_.images[i].sha256, run_.images.front().sha256) << run_.images[i].name;
  }
}

TEST_P(MutantImages, SecondRunComesFromTheCacheWithTheSameImages) {
  const fs::path again_dir = out_ / "again";
  const BuildRun again = RunMutantsBuild(GetParam(), again_dir);
  ASSERT_EQ(again.exit_code, 0) << again.standard_error;
  const std::string all = std::to_string(run_.images.size());
  EXPECT_NE(again.standard_error.find(all + " images (" + all + " from the cache)"),
            std::string::npos)
      << again.standard_error;
  ASSERT_EQ(again.images.size(), run_.images.size());
  for (std::size_t i = 0; i < again.images.size(); ++i) {
    EXPECT_EQ(again.images[i].sha256, run_.images[i].sha256) << again.images[i].name;
  }
}

TEST_P(MutantImages, SharedSourceTreeIsUnpatched) {
  const fs::path tree = testing::FixtureSourceTree(GetParam());
  ASSERT_FALSE(tree.empty()) << "VDSOCONF_LINUX_SOURCE_* for " << GetParam()
                             << " is not set: run through ctest (fixture linux_sources)";
  for (const auto& mutant : MutantsFor(GetParam())) {
    EXPECT_TRUE(PatchApplies(tree, mutant.patch, PatchDirection::kApply))
        << mutant.name << " no longer applies to " << tree << ": was the shared tree modified?";
    EXPECT_FALSE(PatchApplies(tree, mutant.patch, PatchDirection::kReverse))
        << mutant.name << " is applied in the shared tree " << tree;
  }
  struct stat st {};
  ASSERT_EQ(::stat((tree / "lib/vdso/gettimeofday.c").c_str(), &st), 0);
  EXPECT_EQ(st.st_nlink, 1u) << "the shared gettimeofday.c is still hard-linked from a work copy";
}

INSTANTIATE_TEST_SUITE_P(Lines, MutantImages, ::testing::Values("7.2", "6.12"),
                         [](const auto& param_info) {
                           return std::regex_replace(param_info.param, std::regex("\\."), "_");
                         });

// The validity check itself fails on damaged copies of a real image.
TEST(VdsoImageProblems, RejectsDamagedRealImages) {
  const fs::path out = testing::TestDirectory();
  const BuildRun run = RunMutantsBuild("7.2", out);
  ASSERT_EQ(run.exit_code, 0) << run.standard_error;
  const auto image = ReadBinaryFile(run.images.front().path);
  ASSERT_TRUE(VdsoImageProblems(image).empty());

  auto wrong_machine = image;
  wrong_machine[18] = 62;  // e_machine EM_X86_64
  EXPECT_EQ(VdsoImageProblems(wrong_machine),
            std::vector<std::string>{"e_machine 62, not RISC-V (243)"});

  auto renamed = image;
  const std::string name = "__vdso_getcpu";
  auto at = std::search(renamed.begin(), renamed.end(), name.begin(), name.end());
  ASSERT_NE(at, renamed.end());
  *(at + static_cast<std::ptrdiff_t>(name.size()) - 1) = 'X';
  EXPECT_EQ(VdsoImageProblems(renamed), std::vector<std::string>{"does not export __vdso_getcpu"});

  const std::vector<std::uint8_t> truncated(image.begin(), image.begin() + 40);
  const auto problems = VdsoImageProblems(truncated);
  ASSERT_EQ(problems.size(), 1u) << Problems(problems);
  EXPECT_TRUE(problems[0].starts_with("not a parsable ELF")) << problems[0];
  RemoveTree(out);
}

// A patch that still applies but compiles to the same code must fail the build loudly (after a
// kernel update a mutant can silently become the baseline).
TEST(BuildMutantSet, RejectsAPatchThatDoesNotChangeTheCode) {
  const Mutant comment_only{
      .line = "7.2",
      .name = "comment-only",
      .description = "a comment: the same code",
      .patch =
          "--- a/lib/vdso/gettimeofday.c\n"
          "+++ b/lib/vdso/gettimeofday.c\n"
          "@@ -1,4 +1,5 @@\n"
          " // SPDX-License-Identifier: GPL-2.0\n"
          "+/* vdsoconf test: a change that compiles to the same code */\n"
          " /*\n"
          "  * Generic userspace implementations of gettimeofday() and similar.\n"
          "  */\n"};
  try {
    const MutantBuild build = BuildMutantSet("7.2", {comment_only});
    FAIL() << "a comment-only mutant was accepted: " << build.mutants.at(0).path;
  } catch (const InfraError& e) {
    EXPECT_NE(std::string(e.what()).find("no longer changes the vDSO's code"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace vdsoconf::riscv::mutants
