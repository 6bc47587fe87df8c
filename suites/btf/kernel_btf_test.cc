// KernelBtf on BTF built with libbpf's writer: members, arrays, anonymous unions, bitfields, and
// the comparison with a hand-made layout (the 7.2 rng page).
#include "vdsoconf/btf/kernel_btf.h"

#include <gtest/gtest.h>

#include "synthetic_btf.h"
#include "vdsoconf/btf/layout_comparison.h"

namespace vdsoconf::btf {
namespace {

std::shared_ptr<const KernelBtf> Parse(const std::vector<std::uint8_t>& blob) {
  auto parsed = KernelBtf::Parse(blob);
  if (!parsed.ok()) ADD_FAILURE() << parsed.error();
  return parsed.ok() ? parsed.value() : nullptr;
}

TEST(KernelBtf, LibbpfRejectsGarbage) {
  auto blob = testing::RngDataBtf();
  blob[24 + 7] = 0x1f;  // the first type's kind (info bits 24..28): 31, which does not exist
  const auto parsed = KernelBtf::Parse(blob);
  ASSERT_FALSE(parsed.ok()) << "damaged BTF parsed";
  EXPECT_NE(parsed.error().find("btf__new"), std::string::npos) << parsed.error();
}

TEST(KernelBtf, LocatesMembersThroughArraysAndAnonymousUnions) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  struct Case {
    const char* type;
    const char* path;
    std::uint64_t bit_offset, bit_size;
    std::optional<bool> is_signed;
  };
  const Case cases[] = {
      {"struct vdso_rng_data", "generation", 0, 64, false},  // through the u64 typedef
      {"struct vdso_rng_data", "is_ready", 64, 8, false},
      {"struct holder", "rng[2].is_ready", (2 * 16 + 8) * 8, 8, false},
      {"struct holder", "rng[1]", 16 * 8, 128, std::nullopt},
      {"struct holder", "b", 48 * 8, 32, true},  // inside the anonymous union
      {"struct holder", "", 0, 52 * 8, std::nullopt},
  };
  for (const Case& c : cases) {
    const auto place = types->Locate(c.type, c.path);
    ASSERT_TRUE(place.ok()) << c.type << " " << c.path << ": " << place.error();
    EXPECT_EQ(place.value().bit_offset, c.bit_offset) << c.type << " " << c.path;
    EXPECT_EQ(place.value().bit_size, c.bit_size) << c.type << " " << c.path;
    EXPECT_EQ(place.value().is_signed, c.is_signed) << c.type << " " << c.path;
    EXPECT_FALSE(place.value().bitfield) << c.type << " " << c.path;
  }
}

TEST(KernelBtf, LocateNamesWhatIsWrongWithAPath) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  const std::pair<const char*, const char*> cases[][2] = {
      {{"struct holder", "rng[3].is_ready"}, {"past the 3 elements", ""}},
      {{"struct holder", "rng[0].missing"}, {"has no member 'missing'", ""}},
      {{"struct vdso_rng_data", "generation[0]"}, {"is not an array", ""}},
      {{"struct holder", "rng[x]"}, {"malformed index", ""}},
      {{"struct holder", "rng..a"}, {"malformed member path", ""}},
      {{"struct vdso_clock", "seq"}, {"struct vdso_clock is not in the kernel's BTF", ""}},
      {{"enum vvar_pages", ""}, {"not a struct or union", ""}},
  };
  for (const auto& c : cases) {
    const auto place = types->Locate(c[0].first, c[0].second);
    ASSERT_FALSE(place.ok()) << c[0].first << " " << c[0].second << " located at bit "
                             << place.value().bit_offset;
    EXPECT_NE(place.error().find(c[1].first), std::string::npos)
        << c[0].first << " " << c[0].second << ": '" << place.error() << "' lacks '" << c[1].first
        << "'";
  }
}

TEST(KernelBtf, ABitfieldIsReportedInBits) {
  const auto types = Parse(testing::RngDataBtf(8, false, 3));
  ASSERT_TRUE(types);
  const auto place = types->Locate("struct vdso_rng_data", "is_ready");
  ASSERT_TRUE(place.ok()) << place.error();
  EXPECT_TRUE(place.value().bitfield);
  EXPECT_EQ(place.value().bit_size, 3u);
  EXPECT_FALSE(place.value().ByteAligned()) << "a 3-bit field counted as whole bytes";
}

TEST(KernelBtf, LeavesExpandArraysAndFlattenAnonymousMembers) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  const auto leaves = types->Leaves("struct holder");
  ASSERT_TRUE(leaves.ok()) << leaves.error();
  std::vector<std::string> paths;
  for (const auto& leaf : leaves.value()) paths.push_back(leaf.path);
  const std::vector<std::string> expected = {"rng[0].generation",
                                             "rng[0].is_ready",
                                             "rng[1].generation",
                                             "rng[1].is_ready",
                                             "rng[2].generation",
                                             "rng[2].is_ready",
                                             "a",
                                             "b"};
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(leaves.value()[5].place.bit_offset, (2 * 16 + 8) * 8u);
  EXPECT_FALSE(types->Leaves("struct holder", 4).ok()) << "the leaf limit was not enforced";
}

// The 7.2 rng page as a reference layout: generation (u64, 0) and is_ready (u8, 8).
ref::Layout RngPageLayout() {
  ref::Layout layout;
  layout.variant = {ref::Generation::kLinux7_2, false};
  layout.page_count = 1;
  layout.pages.push_back({0, "VDSO_RNG_PAGE_OFFSET", "vdso_rng_data", "struct vdso_rng_data", 1});
  ref::LayoutField generation;
  generation.name = "vdso_rng_data.generation";
  generation.size = 8;
  generation.type = ref::ScalarType::kU64;
  generation.kernel_type = "struct vdso_rng_data";
  generation.member = "generation";
  ref::LayoutField is_ready = generation;
  is_ready.name = "vdso_rng_data.is_ready";
  is_ready.offset = 8;
  is_ready.size = 1;
  is_ready.type = ref::ScalarType::kU8;
  is_ready.member = "is_ready";
  layout.fields = {generation, is_ready};
  ref::LayoutStruct page;
  page.name = "vdso_rng_data";
  page.kernel_type = page.container_type = "struct vdso_rng_data";
  page.size = 16;
  page.align = 8;
  layout.structs = {page};
  return layout;
}

std::string Problems(const LayoutComparison& comparison) {
  std::string text;
  for (const auto& e : comparison.fields) text += e.name + ": " + e.problem + "\n";
  for (const auto& e : comparison.structs) text += e.name + " (struct): " + e.problem + "\n";
  for (const auto& s : comparison.btf_only) text += "btf only: " + s.member + "\n";
  return text;
}

TEST(CompareLayoutWithBtf, AgreesWhenEveryFieldIsWhereBtfSays) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  const auto comparison = CompareLayoutWithBtf(RngPageLayout(), *types);
  EXPECT_TRUE(comparison.Agrees()) << Problems(comparison);
  ASSERT_EQ(comparison.fields.size(), 2u);
  EXPECT_EQ(comparison.fields[1].btf_bit_offset, 64u);
}

TEST(CompareLayoutWithBtf, AMovedFieldFailsWithBothOffsets) {
  const auto types = Parse(testing::RngDataBtf(12));
  ASSERT_TRUE(types);
  const auto comparison = CompareLayoutWithBtf(RngPageLayout(), *types);
  ASSERT_EQ(comparison.MismatchCount(), 1u) << Problems(comparison);
  EXPECT_EQ(comparison.fields[1].name, "vdso_rng_data.is_ready");
  EXPECT_EQ(comparison.fields[1].problem, "offset 8 in the reference, 12 in BTF")
      << Problems(comparison);
}

TEST(CompareLayoutWithBtf, AScalarOnlyBtfHasIsReported) {
  const auto types = Parse(testing::RngDataBtf(8, true));
  ASSERT_TRUE(types);
  const auto comparison = CompareLayoutWithBtf(RngPageLayout(), *types);
  EXPECT_EQ(comparison.MismatchCount(), 0u) << Problems(comparison);
  ASSERT_EQ(comparison.btf_only.size(), 1u) << Problems(comparison);
  EXPECT_EQ(comparison.btf_only[0].member, "extra");
  EXPECT_EQ(comparison.btf_only[0].page_bit_offset, 72u);
  EXPECT_FALSE(comparison.Agrees());
}

TEST(CompareLayoutWithBtf, ABitfieldWhereTheReferenceHasAByteFails) {
  const auto types = Parse(testing::RngDataBtf(8, false, 8));  // u8 is_ready : 8
  ASSERT_TRUE(types);
  const auto comparison = CompareLayoutWithBtf(RngPageLayout(), *types);
  ASSERT_EQ(comparison.MismatchCount(), 1u) << Problems(comparison);
  EXPECT_NE(comparison.fields[1].problem.find("bitfield"), std::string::npos)
      << Problems(comparison);
}

TEST(CompareLayoutWithBtf, ASignednessChangeFails) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  ref::Layout layout = RngPageLayout();
  layout.fields[0].type = ref::ScalarType::kS64;
  const auto comparison = CompareLayoutWithBtf(layout, *types);
  ASSERT_EQ(comparison.MismatchCount(), 1u) << Problems(comparison);
  EXPECT_EQ(comparison.fields[0].problem, "signed in the reference, unsigned in BTF");
}

TEST(CompareLayoutWithBtf, AStructSizeChangeFails) {
  const auto types = Parse(testing::RngDataBtf());
  ASSERT_TRUE(types);
  ref::Layout layout = RngPageLayout();
  layout.structs[0].size = 24;
  const auto comparison = CompareLayoutWithBtf(layout, *types);
  ASSERT_EQ(comparison.MismatchCount(), 1u) << Problems(comparison);
  EXPECT_EQ(comparison.structs[0].problem, "size 24 in the reference, 16 in BTF");
}

}  // namespace
}  // namespace vdsoconf::btf
