// The model's vvar layout tables against the kernel's own headers: every field's offset, size and
// signedness, every struct's offset, size, alignment and type, every page index and page count,
// compiled by riscv64-linux-gnu-gcc from the linux-source trees named by
// VDSOCONF_LINUX_SOURCE_6_1, VDSOCONF_LINUX_SOURCE_6_12 and VDSOCONF_LINUX_SOURCE_7_2.
// A missing variable is a failure: a conformance check that silently skips proves nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "vdsoconf/layout_check/kernel_tree.h"

namespace vdsoconf::layout_check {
namespace {

// The tree for `generation`, or a failure saying how to provide it.
std::string TreeFor(ref::Generation generation) {
  std::string variable = "VDSOCONF_LINUX_SOURCE_" + std::string(ref::GenerationName(generation));
  for (char& c : variable) c = c == '.' ? '_' : c;
  const char* path = std::getenv(variable.c_str());
  if (path == nullptr || *path == '\0') {
    ADD_FAILURE() << variable << " is not set: point it at an unpacked linux-source-"
                  << ref::GenerationName(generation) << " tree (`vdsoconf kernels source "
                  << ref::GenerationName(generation) << "` prints one)";
    return "";
  }
  return path;
}

void ExpectTreeMatchesModel(ref::Generation generation) {
  const std::string tree = TreeFor(generation);
  if (tree.empty()) return;
  auto checks = CheckGenerationAgainstTree(generation, tree);
  ASSERT_TRUE(checks.ok()) << checks.error();
  for (const TreeCheck& check : checks.value()) {
    std::cout << "[ layout ] " << ref::LayoutVariantName(check.variant) << " vs linux "
              << check.kernel_version << ": " << check.comparison.entries_checked << " entries, "
              << check.comparison.mismatches.size() << " mismatches, " << check.elapsed.count()
              << " ms\n";
    EXPECT_GT(check.comparison.entries_checked, 200u) << ref::LayoutVariantName(check.variant);
    for (const Mismatch& m : check.comparison.mismatches) {
      ADD_FAILURE() << ref::LayoutVariantName(check.variant) << " vs linux " << check.kernel_version
                    << " (" << tree << "): " << m.Describe();
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

// The same check must fail on a table that is wrong: a shifted field, a wrong field size, a
// struct of the wrong size and a page in the wrong place, all caught by the real compiler.
TEST(KernelHeaders, CorruptedTableIsCaughtByTheRealHeaders) {
  const std::string tree = TreeFor(ref::Generation::kLinux7_2);
  if (tree.empty()) return;
  ref::Layout wrong = *ref::FindLayout({ref::Generation::kLinux7_2, false}).value();
  for (ref::LayoutField& f : wrong.fields) {
    if (f.name == "vdso_time_data.clock_data[1].mask") f.offset += 8;
    if (f.name == "vdso_arch_data.homogeneous_cpus") f.size = 4;
  }
  for (ref::LayoutStruct& s : wrong.structs) {
    if (s.name == "vdso_rng_data") s.size = 9;
  }
  wrong.pages[3].index = 2;
  auto check = CheckLayoutAgainstTree(wrong, tree);
  ASSERT_TRUE(check.ok()) << check.error();
  std::vector<std::string> got;
  for (const Mismatch& m : check.value().comparison.mismatches) got.push_back(m.Describe());
  const std::vector<std::string> expected = {
      "field vdso_time_data.clock_data[1].mask: offset model 248, kernel 240",
      "field vdso_arch_data.homogeneous_cpus: size model 4, kernel 1",
      "struct vdso_rng_data: size model 9, kernel 16",
      "page VDSO_ARCH_PAGES_START: value model 2, kernel 3",
  };
  EXPECT_EQ(got, expected) << ::testing::PrintToString(got);
}

// The 6.1 tree has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: a layout claiming it cannot be
// checked there, and the error says why.
TEST(KernelHeaders, OverflowProtectVariantNeedsTheOption) {
  const std::string tree = TreeFor(ref::Generation::kLinux6_1);
  if (tree.empty()) return;
  ref::Layout layout = *ref::FindLayout({ref::Generation::kLinux6_1, false}).value();
  layout.variant.overflow_protect = true;
  auto check = CheckLayoutAgainstTree(layout, tree);
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().find("has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT"), std::string::npos)
      << check.error();
}

TEST(KernelHeaders, NotASourceTreeIsAClearError) {
  auto check = CheckLayoutAgainstTree(*ref::FindLayout({}).value(), "/nonexistent/linux");
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().find("not a linux-source tree"), std::string::npos) << check.error();
}

}  // namespace
}  // namespace vdsoconf::layout_check
