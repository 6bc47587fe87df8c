#include "vdsoconf/reference/layout.h"

#include <gtest/gtest.h>

#include <set>
#include <variant>

namespace vdsoconf::ref {
namespace {

const Layout& Get(LayoutVariant variant) {
  auto layout = FindLayout(variant);
  if (!layout.ok()) ADD_FAILURE() << layout.error();
  return *layout.value();
}

std::uint32_t RefSize(const FieldRef& ref) {
  return std::visit([](auto* p) { return static_cast<std::uint32_t>(sizeof(*p)); }, ref);
}

const void* RefAddress(const FieldRef& ref) {
  return std::visit([](auto* p) { return static_cast<const void*>(p); }, ref);
}

TEST(Layout, FieldsDoNotOverlapAndStayInTheirPage) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const Layout& layout = Get(v);
    ASSERT_FALSE(layout.fields.empty()) << LayoutVariantName(v);
    for (std::size_t i = 0; i < layout.fields.size(); ++i) {
      const LayoutField& f = layout.fields[i];
      EXPECT_LT(f.page, layout.page_count) << LayoutVariantName(v) << " " << f.name;
      EXPECT_LE(f.offset + f.size, kPageSize) << LayoutVariantName(v) << " " << f.name;
      EXPECT_EQ(f.offset % f.size, 0u) << LayoutVariantName(v) << " " << f.name << " misaligned";
      if (i == 0) continue;
      const LayoutField& prev = layout.fields[i - 1];
      if (prev.page == f.page) {
        EXPECT_LE(prev.offset + prev.size, f.offset)
            << LayoutVariantName(v) << ": " << prev.name << " @" << prev.offset << "+" << prev.size
            << " overlaps " << f.name << " @" << f.offset;
      }
    }
  }
}

TEST(Layout, SizesMatchTypesAndModelMembers) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const Layout& layout = Get(v);
    VvarState state;
    for (const LayoutField& f : layout.fields) {
      EXPECT_EQ(f.size, ScalarSize(f.type)) << LayoutVariantName(v) << " " << f.name;
      EXPECT_EQ(RefSize(f.bind(state)), f.size)
          << LayoutVariantName(v) << " " << f.name << " binds a model member of another size";
    }
  }
}

TEST(Layout, NamesAndModelMembersAreUnique) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const Layout& layout = Get(v);
    VvarState state;
    std::set<std::string> names;
    std::set<const void*> addresses;
    for (const LayoutField& f : layout.fields) {
      EXPECT_TRUE(names.insert(f.name).second) << LayoutVariantName(v) << " repeats " << f.name;
      EXPECT_TRUE(addresses.insert(RefAddress(f.bind(state))).second)
          << LayoutVariantName(v) << " " << f.name << " shares its model member with another field";
    }
  }
}

TEST(Layout, StructsContainTheirFields) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const Layout& layout = Get(v);
    for (const LayoutStruct& s : layout.structs) {
      EXPECT_EQ(s.offset % s.align, 0u) << LayoutVariantName(v) << " " << s.name;
      EXPECT_LE(s.offset + s.size, kPageSize) << LayoutVariantName(v) << " " << s.name;
      for (std::uint32_t b = s.offset; b < s.offset + s.size; ++b) {
        const LayoutField* f = layout.FieldAt(s.page, b);
        if (f == nullptr) continue;  // padding
        EXPECT_EQ(f->name.rfind(s.name + ".", 0), 0u)
            << LayoutVariantName(v) << ": byte " << b << " of " << s.name << " is field "
            << f->name;
      }
    }
  }
}

TEST(Layout, FieldAtFindsFieldsAndPadding) {
  const Layout& layout = Get({Generation::kLinux7_2, false});
  const LayoutField* shift = layout.FindField("vdso_time_data.clock_data[0].shift");
  ASSERT_NE(shift, nullptr);
  EXPECT_EQ(layout.FieldAt(0, shift->offset + 3), shift);
  EXPECT_EQ(layout.FieldAt(0, kPageSize - 1), nullptr);
  EXPECT_EQ(layout.FieldAt(7, 0), nullptr);
  const LayoutField* ready = layout.FindField("vdso_arch_data.ready");
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(layout.FieldAt(3, ready->offset + 1), nullptr) << "the byte after ready is padding";
}

// The first bytes of a live Debian 7.2.13 vvar page (see FACTS.md): seq, clock_mode, cycle_last,
// mask, mult, shift, then basetime[] pairs.
TEST(Layout, Linux7_2StartsLikeTheLivePage) {
  const Layout& layout = Get({Generation::kLinux7_2, false});
  const std::pair<const char*, std::uint32_t> expected[] = {
      {"vdso_time_data.clock_data[0].seq", 0},
      {"vdso_time_data.clock_data[0].clock_mode", 4},
      {"vdso_time_data.clock_data[0].cycle_last", 8},
      {"vdso_time_data.clock_data[0].mask", 16},
      {"vdso_time_data.clock_data[0].mult", 24},
      {"vdso_time_data.clock_data[0].shift", 28},
      {"vdso_time_data.clock_data[0].basetime[0].sec", 32},
      {"vdso_time_data.clock_data[0].basetime[0].nsec", 40},
  };
  for (const auto& [name, offset] : expected) {
    const LayoutField* f = layout.FindField(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->offset, offset) << name;
  }
}

TEST(Layout, OverflowProtectInsertsMaxCyclesAfterCycleLast) {
  for (Generation g : {Generation::kLinux6_12, Generation::kLinux7_2}) {
    const Layout& plain = Get({g, false});
    const Layout& protect = Get({g, true});
    const std::string root =
        g == Generation::kLinux7_2 ? "vdso_time_data.clock_data[0]." : "vdso_data[0].";
    EXPECT_EQ(plain.FindField(root + "max_cycles"), nullptr) << GenerationName(g);
    const LayoutField* max_cycles = protect.FindField(root + "max_cycles");
    ASSERT_NE(max_cycles, nullptr) << GenerationName(g);
    EXPECT_EQ(max_cycles->offset, 16u) << GenerationName(g);
    EXPECT_EQ(protect.FindField(root + "mask")->offset, plain.FindField(root + "mask")->offset + 8)
        << GenerationName(g);
  }
}

TEST(Layout, TimensPageUsesTheOffsetView) {
  const Layout& layout = Get({Generation::kLinux6_1, false});
  const LayoutField* sec = layout.FindField("timens_data[0].offset[1].sec");
  ASSERT_NE(sec, nullptr);
  EXPECT_EQ(sec->page, 1u);
  EXPECT_EQ(sec->type, ScalarType::kS64);
  EXPECT_EQ(layout.FindField("vdso_data[0].basetime[1].sec")->type, ScalarType::kU64);
}

TEST(Layout, PagesAndHwprobeKeysPerGeneration) {
  struct Expect {
    LayoutVariant variant;
    std::uint32_t pages;
    std::uint32_t keys;
  };
  for (const Expect& e : {Expect{{Generation::kLinux6_1, false}, 2, 0},
                          Expect{{Generation::kLinux6_12, false}, 2, 10},
                          Expect{{Generation::kLinux7_2, true}, 4, 17}}) {
    const Layout& layout = Get(e.variant);
    EXPECT_EQ(layout.page_count, e.pages) << LayoutVariantName(e.variant);
    EXPECT_EQ(layout.pages.size(), e.pages) << LayoutVariantName(e.variant);
    EXPECT_EQ(layout.hwprobe_keys, e.keys) << LayoutVariantName(e.variant);
  }
}

TEST(FindLayout, RejectsUnknownGenerationAndMissingOption) {
  auto unknown = FindLayout({static_cast<Generation>(7), false});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().find("unknown vvar layout generation 7"), std::string::npos)
      << unknown.error();
  auto no_option = FindLayout({Generation::kLinux6_1, true});
  ASSERT_FALSE(no_option.ok());
  EXPECT_NE(no_option.error().find("OVERFLOW_PROTECT"), std::string::npos) << no_option.error();
}

TEST(FindLayout, VariantsAreTheFiveThatExist) {
  EXPECT_EQ(AllLayoutVariants().size(), 5u);
  for (LayoutVariant v : AllLayoutVariants()) {
    auto layout = FindLayout(v);
    ASSERT_TRUE(layout.ok()) << LayoutVariantName(v) << ": " << layout.error();
    EXPECT_EQ(layout.value()->variant, v);
  }
}

}  // namespace
}  // namespace vdsoconf::ref
