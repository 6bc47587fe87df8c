// The x86_64 vvar tables by themselves (no kernel tree; suites/layout proves them against the
// kernel headers): the invariants every table keeps, and where x86 puts things that the generic
// layout of RISC-V does not have: arrays inside the vvar page (6.x), the timens page after the
// vclock pages (6.x), and the opaque vclock pages.
#include <gtest/gtest.h>

#include <set>
#include <variant>

#include "vdsoconf/reference/x86/x86_64_model.h"

namespace vdsoconf::ref {
namespace {

const Layout& Get(LayoutVariant variant) {
  return *x86::X86_64Model().FindLayout(variant).value();
}

const void* RefAddress(const FieldRef& ref) {
  return std::visit([](auto* p) { return static_cast<const void*>(p); }, ref);
}

std::uint32_t RefSize(const FieldRef& ref) {
  return std::visit([](auto* p) { return static_cast<std::uint32_t>(sizeof(*p)); }, ref);
}

TEST(X86Layout, FieldsAreDisjointAlignedAndBoundToDistinctModelMembers) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const Layout& layout = Get(v);
    const std::string name = LayoutVariantName(v);
    ASSERT_FALSE(layout.fields.empty()) << name;
    VvarState state;
    std::set<const void*> addresses;
    std::set<std::uint32_t> opaque;
    for (const LayoutOpaquePage& p : layout.opaque_pages) opaque.insert(p.index);
    for (std::size_t i = 0; i < layout.fields.size(); ++i) {
      const LayoutField& f = layout.fields[i];
      EXPECT_LT(f.page, layout.page_count) << name << " " << f.name;
      EXPECT_FALSE(opaque.contains(f.page)) << name << " " << f.name << " is on an opaque page";
      EXPECT_LE(f.offset + f.size, kPageSize) << name << " " << f.name;
      EXPECT_EQ(f.offset % f.size, 0u) << name << " " << f.name;
      EXPECT_EQ(RefSize(f.bind(state)), f.size) << name << " " << f.name;
      EXPECT_TRUE(addresses.insert(RefAddress(f.bind(state))).second) << name << " " << f.name;
      if (i > 0 && layout.fields[i - 1].page == f.page) {
        EXPECT_LE(layout.fields[i - 1].offset + layout.fields[i - 1].size, f.offset)
            << name << " " << f.name;
      }
    }
  }
}

TEST(X86Layout, Linux6PagesAsTheLinkerScriptPlacesThem) {
  for (LayoutVariant v : {LayoutVariant{Generation::kLinux6_1, false},
                          LayoutVariant{Generation::kLinux6_12, true}}) {
    const Layout& layout = Get(v);
    const std::string name = LayoutVariantName(v);
    EXPECT_EQ(layout.page_count, 4u) << name;
    const LayoutField* seq = layout.FindField("vdso_data[0].seq");
    ASSERT_NE(seq, nullptr) << name;
    EXPECT_EQ(seq->page, 0u) << name;
    EXPECT_EQ(seq->offset, 128u) << name << ": DECLARE_VVAR(128, struct vdso_data, _vdso_data)";
    const LayoutField* timens = layout.FindField("timens_data[1].offset[0].sec");
    ASSERT_NE(timens, nullptr) << name;
    EXPECT_EQ(timens->page, 3u) << name << ": timens_page = vvar_start + 3 * PAGE_SIZE";
    ASSERT_EQ(layout.opaque_pages.size(), 2u) << name;
    EXPECT_EQ(layout.opaque_pages[0].name, "pvclock_page");
    EXPECT_EQ(layout.opaque_pages[0].index, 1u);
    EXPECT_EQ(layout.opaque_pages[1].name, "hvclock_page");
    EXPECT_EQ(layout.opaque_pages[1].index, 2u);
  }
  EXPECT_EQ(Get({Generation::kLinux6_1, false}).FindField("vdso_rng_data.generation"), nullptr);
  const LayoutField* rng = Get({Generation::kLinux6_12, false}).FindField("vdso_rng_data.is_ready");
  ASSERT_NE(rng, nullptr);
  EXPECT_EQ(rng->page, 0u);
  EXPECT_EQ(rng->offset, 648u) << "DECLARE_VVAR_SINGLE(640, struct vdso_rng_data, ...) + 8";
}

TEST(X86Layout, Linux7_2HasTheVclockPagesAfterTheDataPages) {
  const Layout& layout = Get({Generation::kLinux7_2, true});
  EXPECT_EQ(layout.page_count, 6u);
  ASSERT_EQ(layout.opaque_pages.size(), 3u);
  EXPECT_EQ(layout.opaque_pages[0].name, "vdso_arch_data");
  EXPECT_EQ(layout.opaque_pages[1].name, "pvclock_page");
  EXPECT_EQ(layout.opaque_pages[1].index, 4u);
  EXPECT_EQ(layout.opaque_pages[2].name, "hvclock_page");
  EXPECT_EQ(layout.opaque_pages[2].index, 5u);
  EXPECT_EQ(layout.FindField("vdso_time_data.clock_data[0].max_cycles")->offset, 16u);
  EXPECT_EQ(layout.FindField("vdso_rng_data.generation")->page, 2u);
}

}  // namespace
}  // namespace vdsoconf::ref
