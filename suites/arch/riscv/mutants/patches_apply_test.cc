// Every mutant patch applies (dry run) to its line's real linux-source tree from the
// linux_sources fixture: the cheap early warning after a kernel update, before anything is built.
#include <gtest/gtest.h>

#include "mutants_harness.h"
#include "vdsoconf/riscv/mutants/catalog.h"
#include "vdsoconf/riscv/mutants/source_patch.h"

namespace vdsoconf::riscv::mutants {
namespace {

TEST(MutantPatches, EachAppliesToItsOwnLine) {
  for (const auto& line : MutantLines()) {
    const auto tree = testing::FixtureSourceTree(line);
    ASSERT_FALSE(tree.empty()) << "VDSOCONF_LINUX_SOURCE_* for " << line
                               << " is not set: run through ctest (fixture linux_sources)";
    for (const auto& mutant : MutantsFor(line)) {
      EXPECT_TRUE(PatchApplies(tree, mutant.patch, PatchDirection::kApply))
          << line << "/" << mutant.name << " does not apply to " << tree;
    }
  }
}

// The same check on a real tree where the code is not there: 7.2's basetime mutant edits
// vdso_get_timestamp(), which 6.12 does not have.
TEST(MutantPatches, SevenTwoBasetimePatchDoesNotApplyToSixTwelve) {
  const auto tree = testing::FixtureSourceTree("6.12");
  ASSERT_FALSE(tree.empty()) << "VDSOCONF_LINUX_SOURCE_6_12 is not set: run through ctest";
  for (const auto& mutant : MutantsFor("7.2")) {
    if (mutant.name != "basetime-wrong-index") continue;
    EXPECT_FALSE(PatchApplies(tree, mutant.patch, PatchDirection::kApply))
        << "7.2/" << mutant.name << " applies to linux 6.12 at " << tree;
    return;
  }
  FAIL() << "7.2 has no basetime-wrong-index mutant";
}

}  // namespace
}  // namespace vdsoconf::riscv::mutants
