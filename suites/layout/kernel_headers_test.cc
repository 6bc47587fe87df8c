// The model's vvar layout tables against the kernel's own headers: every field's offset, size and
// signedness, every struct's offset, size, alignment and type, every page index and page count,
// for every architecture of the model, compiled by the architecture's compiler from the
// linux-source trees named by VDSOCONF_LINUX_SOURCE_6_1, VDSOCONF_LINUX_SOURCE_6_12 and
// VDSOCONF_LINUX_SOURCE_7_2. A missing variable is a failure: a conformance check that silently
// skips proves nothing. suites/arch/<arch>/layout shows the check failing on a corrupted table.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "layout_trees.h"
#include "vdsoconf/layout_check/kernel_tree.h"

namespace vdsoconf::layout_check {
namespace {

using testing::TreeFor;

void ExpectTreeMatchesModel(ref::Generation generation) {
  const std::string tree = TreeFor(generation);
  if (tree.empty()) return;
  for (const ref::ArchModel* arch : ref::AllArchModels()) {
    auto checks = CheckGenerationAgainstTree(*arch, generation, tree);
    ASSERT_TRUE(checks.ok()) << arch->Name() << ": " << checks.error();
    for (const TreeCheck& check : checks.value()) {
      const std::string name = std::string(arch->Name()) + " " + ref::LayoutVariantName(check.variant);
      std::cout << "[ layout ] " << name << " vs linux " << check.kernel_version << ": "
                << check.comparison.entries_checked << " entries, "
                << check.comparison.mismatches.size() << " mismatches, " << check.elapsed.count()
                << " ms\n";
      EXPECT_GT(check.comparison.entries_checked, 200u) << name;
      for (const Mismatch& m : check.comparison.mismatches) {
        ADD_FAILURE() << name << " vs linux " << check.kernel_version << " (" << tree
                      << "): " << m.Describe();
      }
    }
  }
}

TEST(KernelHeaders, Linux6_1TreeMatchesModel) {
  ExpectTreeMatchesModel(ref::Generation::kLinux6_1);
}

TEST(KernelHeaders, Linux6_12TreeMatchesModel) {
  ExpectTreeMatchesModel(ref::Generation::kLinux6_12);
}

TEST(KernelHeaders, Linux7_2TreeMatchesModel) {
  ExpectTreeMatchesModel(ref::Generation::kLinux7_2);
}

// The 6.1 tree has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: a layout claiming it cannot be
// checked there, and the error says why.
TEST(KernelHeaders, OverflowProtectVariantNeedsTheOption) {
  const std::string tree = TreeFor(ref::Generation::kLinux6_1);
  if (tree.empty()) return;
  for (const ref::ArchModel* arch : ref::AllArchModels()) {
    ref::Layout layout = *arch->FindLayout({ref::Generation::kLinux6_1, false}).value();
    layout.variant.overflow_protect = true;
    auto check = CheckLayoutAgainstTree(*arch, layout, tree);
    ASSERT_FALSE(check.ok()) << arch->Name();
    EXPECT_NE(check.error().find("has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT"), std::string::npos)
        << check.error();
  }
}

TEST(KernelHeaders, NotASourceTreeIsAClearError) {
  for (const ref::ArchModel* arch : ref::AllArchModels()) {
    auto check = CheckLayoutAgainstTree(*arch, *arch->FindLayout({}).value(), "/nonexistent/linux");
    ASSERT_FALSE(check.ok()) << arch->Name();
    EXPECT_NE(check.error().find("not a linux-source tree"), std::string::npos) << check.error();
  }
}

}  // namespace
}  // namespace vdsoconf::layout_check
