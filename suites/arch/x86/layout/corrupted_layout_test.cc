// The layout check against the kernel headers must fail on an x86_64 table that is wrong, in
// what x86 adds to the generic layout: the arrays placed inside the vvar page (asm/vvar.h's
// DECLARE_VVAR offsets), the pages its vDSO linker script places (6.x) and the vclock pages after
// the generic data pages (7.2), each caught by the host compiler on the real tree.
#include <gtest/gtest.h>

#include "layout_trees.h"
#include "vdsoconf/layout_check/kernel_tree.h"
#include "vdsoconf/reference/x86/x86_64_model.h"

namespace vdsoconf::layout_check {
namespace {

std::vector<std::string> Mismatches(const ref::Layout& wrong, const std::string& tree) {
  auto check = CheckLayoutAgainstTree(ref::x86::X86_64Model(), wrong, tree);
  EXPECT_TRUE(check.ok()) << check.error();
  std::vector<std::string> got;
  if (!check.ok()) return got;
  for (const Mismatch& m : check.value().comparison.mismatches) got.push_back(m.Describe());
  return got;
}

TEST(X86KernelHeaders, Corrupted6_12TableIsCaughtByTheRealHeaders) {
  const std::string tree = testing::TreeFor(ref::Generation::kLinux6_12);
  if (tree.empty()) return;
  ref::Layout wrong =
      *ref::x86::X86_64Model().FindLayout({ref::Generation::kLinux6_12, true}).value();
  for (ref::LayoutField& f : wrong.fields) {
    if (f.name == "vdso_data[1].max_cycles") f.offset += 8;
  }
  for (ref::LayoutStruct& s : wrong.structs) {
    if (s.name == "vdso_rng_data") s.size = 9;
  }
  for (ref::LayoutPage& p : wrong.pages) {
    if (p.root == "vdso_rng_data") p.offset = 632;  // the array, not its fields, moved
  }
  for (ref::LayoutOpaquePage& p : wrong.opaque_pages) {
    if (p.name == "pvclock_page") p.index = 2;
  }
  wrong.page_count = 3;
  const std::vector<std::string> expected = {
      "field vdso_data[1].max_cycles: offset model 400, kernel 392",
      "struct vdso_rng_data: size model 9, kernel 16",
      "offset vdso_rng_data: value model 632, kernel 640",
      "page lds_pvclock_page: value model 2, kernel 1",
      "pages lds_nr_pages: value model 3, kernel 4",
  };
  const std::vector<std::string> got = Mismatches(wrong, tree);
  EXPECT_EQ(got, expected) << ::testing::PrintToString(got);
}

TEST(X86KernelHeaders, Corrupted7_2TableIsCaughtByTheRealHeaders) {
  const std::string tree = testing::TreeFor(ref::Generation::kLinux7_2);
  if (tree.empty()) return;
  ref::Layout wrong =
      *ref::x86::X86_64Model().FindLayout({ref::Generation::kLinux7_2, true}).value();
  for (ref::LayoutOpaquePage& p : wrong.opaque_pages) {
    if (p.name == "hvclock_page") p.index = 4;
  }
  wrong.page_count = 4;  // the generic data pages only, without the vclock pages
  const std::vector<std::string> expected = {
      "page VDSO_VCLOCK_PAGES_START(0) / PAGE_SIZE + VDSO_PAGE_HVCLOCK_OFFSET: value model 4, "
      "kernel 5",
      "pages VDSO_NR_PAGES + VDSO_NR_VCLOCK_PAGES: value model 4, kernel 6",
      "pages __VDSO_PAGES: value model 4, kernel 6",
  };
  const std::vector<std::string> got = Mismatches(wrong, tree);
  EXPECT_EQ(got, expected) << ::testing::PrintToString(got);
}

}  // namespace
}  // namespace vdsoconf::layout_check
