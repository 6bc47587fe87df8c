// The mutant catalogue: which mutants each kernel line has and what their patch files say.
#include "vdsoconf/riscv/mutants/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace vdsoconf::riscv::mutants {
namespace {

std::vector<std::string> Names(const std::vector<Mutant>& mutants) {
  std::vector<std::string> names;
  for (const auto& mutant : mutants) names.push_back(mutant.name);
  return names;
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

// The minimum: seq retry removed, wrong basetime index, mask not applied, wrong shift.
const std::vector<std::string> kRequired{"seq-retry-removed", "basetime-wrong-index",
                                         "mask-not-applied", "shift-off-by-one"};

TEST(MutantCatalog, LinesAreSixTwelveAndSevenTwo) {
  EXPECT_EQ(MutantLines(), (std::vector<std::string>{"6.12", "7.2"}))
      << "lines: " << Join(MutantLines());
}

TEST(MutantCatalog, EveryLineHasTheRequiredMutants) {
  for (const auto& line : MutantLines()) {
    const auto names = Names(MutantsFor(line));
    for (const auto& required : kRequired) {
      EXPECT_NE(std::find(names.begin(), names.end(), required), names.end())
          << "linux " << line << " lacks " << required << "; it has: " << Join(names);
    }
  }
}

TEST(MutantCatalog, EveryPatchSaysWhatItBreaksAndWhatCatchesIt) {
  for (const auto& line : MutantLines()) {
    for (const auto& mutant : MutantsFor(line)) {
      EXPECT_TRUE(mutant.description.starts_with("Mutant " + mutant.name + " (linux " + line))
          << line << "/" << mutant.name << " header:\n"
          << mutant.description;
      EXPECT_NE(mutant.description.find("Breaks:"), std::string::npos)
          << line << "/" << mutant.name << " header:\n"
          << mutant.description;
      EXPECT_NE(mutant.description.find("Must be caught by:"), std::string::npos)
          << line << "/" << mutant.name << " header:\n"
          << mutant.description;
      EXPECT_EQ(PatchedFiles(mutant.patch), std::vector<std::string>{"lib/vdso/gettimeofday.c"})
          << line << "/" << mutant.name << " patches: " << Join(PatchedFiles(mutant.patch));
    }
  }
}

TEST(MutantCatalog, UnknownLineHasNoMutants) {
  EXPECT_TRUE(MutantsFor("5.10").empty()) << Join(Names(MutantsFor("5.10")));
  EXPECT_TRUE(MutantsFor("").empty()) << Join(Names(MutantsFor("")));
}

TEST(PatchDescription, StopsAtTheFirstLineWithoutHash) {
  EXPECT_EQ(PatchDescription("# one\n#\n#two\n--- a/x\n# not header\n"), "one\n\ntwo");
  EXPECT_EQ(PatchDescription("--- a/x\n+++ b/x\n"), "");
  EXPECT_EQ(PatchDescription(""), "");
}

TEST(PatchedFiles, StripsOneComponentAndTimestamps) {
  const std::string patch =
      "# header\n--- a/lib/x.c\t2026-01-01\n+++ b/lib/x.c\t2026-01-01\n@@ -1 +1 @@\n-a\n+b\n"
      "--- a/y.h\n+++ b/y.h\n--- a/gone.c\n+++ /dev/null\n+++ nodir\n";
  EXPECT_EQ(PatchedFiles(patch), (std::vector<std::string>{"lib/x.c", "y.h"}))
      << Join(PatchedFiles(patch));
}

}  // namespace
}  // namespace vdsoconf::riscv::mutants
