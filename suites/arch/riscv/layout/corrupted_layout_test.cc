// The layout check against the kernel headers must fail on a table that is wrong: RISC-V's 7.2
// table with a shifted field, a wrong field size (of its arch data), a struct of the wrong size
// and a page in the wrong place, each caught by the real compiler on the real 7.2 tree.
#include <gtest/gtest.h>

#include "layout_trees.h"
#include "vdsoconf/layout_check/kernel_tree.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"

namespace vdsoconf::layout_check {
namespace {

TEST(RiscvKernelHeaders, CorruptedTableIsCaughtByTheRealHeaders) {
  const std::string tree = testing::TreeFor(ref::Generation::kLinux7_2);
  if (tree.empty()) return;
  const ref::ArchModel& riscv64 = ref::riscv::Riscv64Model();
  ref::Layout wrong = *riscv64.FindLayout({ref::Generation::kLinux7_2, false}).value();
  for (ref::LayoutField& f : wrong.fields) {
    if (f.name == "vdso_time_data.clock_data[1].mask") f.offset += 8;
    if (f.name == "vdso_arch_data.homogeneous_cpus") f.size = 4;
  }
  for (ref::LayoutStruct& s : wrong.structs) {
    if (s.name == "vdso_rng_data") s.size = 9;
  }
  wrong.pages[3].index = 2;
  auto check = CheckLayoutAgainstTree(riscv64, wrong, tree);
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

}  // namespace
}  // namespace vdsoconf::layout_check
