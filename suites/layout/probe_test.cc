// The probe's text handling and comparison, without a kernel tree: a table that disagrees with
// the kernel's numbers must be reported field by field.
#include "vdsoconf/layout_check/probe.h"

#include <gtest/gtest.h>

namespace vdsoconf::layout_check {
namespace {

// The tests below that name fields use those of the generic datapage (include/vdso/datapage.h),
// which every architecture's layout has; the first architecture's table serves for them.
const ref::ArchModel& Arch() { return *ref::AllArchModels().front(); }

const ref::Layout& Get(ref::LayoutVariant variant) {
  return *Arch().FindLayout(variant).value();
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// What a kernel whose headers agree with `layout` would print.
ProbeValues AgreeingKernel(const ref::Layout& layout, const TreeFacts& facts) {
  ProbeValues v;
  for (const auto& f : layout.fields) {
    v["field " + f.name] = {f.offset, f.size, ref::ScalarIsSigned(f.type) ? 1u : 0u, 0};
  }
  for (const auto& s : layout.structs) v["struct " + s.name] = {s.offset, s.size, s.align, 1};
  for (const auto& p : layout.pages) {
    v["page " + p.kernel_index_symbol] = {p.index, 0, 0, 0};
    if (!p.kernel_offset_symbol.empty()) v["offset " + p.root] = {p.offset, 0, 0, 0};
  }
  for (const auto& p : layout.opaque_pages) v["page " + p.kernel_index_symbol] = {p.index, 0, 0, 0};
  v["pages " + layout.kernel_page_count_symbol] = {layout.page_count, 0, 0, 0};
  for (const auto& s : facts.page_count_symbols) v["pages " + s] = {layout.page_count, 0, 0, 0};
  for (const auto& [symbol, value] : facts.constants) v["const " + symbol] = {value, 0, 0, 0};
  return v;
}

std::string Describe(const Comparison& c) {
  std::string text;
  for (const Mismatch& m : c.mismatches) text += m.Describe() + "\n";
  return text.empty() ? "(no mismatches)" : text;
}

TEST(ProbeSource, HasOneLinePerTableEntry) {
  for (const ref::ArchModel* arch : ref::AllArchModels()) {
    for (ref::LayoutVariant v : ref::AllLayoutVariants()) {
      const ref::Layout& layout = *arch->FindLayout(v).value();
      const std::string source = GenerateProbeSource(layout, FactsFor(*arch, layout));
      const std::string name = std::string(arch->Name()) + " " + ref::LayoutVariantName(v);
      EXPECT_EQ(Count(source, "VDSOCONF_PROBE(\"field "), layout.fields.size()) << name;
      EXPECT_EQ(Count(source, "VDSOCONF_PROBE(\"struct "), layout.structs.size()) << name;
      EXPECT_EQ(Count(source, "VDSOCONF_PROBE(\"page "),
                layout.pages.size() + layout.opaque_pages.size())
          << name;
      std::size_t placed = 0;
      for (const auto& p : layout.pages) placed += p.kernel_offset_symbol.empty() ? 0 : 1;
      EXPECT_EQ(Count(source, "VDSOCONF_PROBE(\"offset "), placed) << name;
    }
  }
  const ref::Layout& linux6_1 = Get({ref::Generation::kLinux6_1, false});
  const std::string source = GenerateProbeSource(linux6_1, FactsFor(Arch(), linux6_1));
  EXPECT_NE(source.find("1 * sizeof(struct vdso_data) + offsetof(struct vdso_data, "
                        "basetime[7].nsec)"),
            std::string::npos)
      << source.substr(0, 2000);
}

TEST(ParseProbeAssembly, ReadsKeysWithSpacesAndFourNumbers) {
  const std::string assembly =
      "vdsoconf_layout_probe:\n"
      "\t.ascii \"->field vdso_data[1].basetime[7].nsec 152 8 0 0\"\n"
      "#NO_APP\n"
      "\t.ascii \"->const MAX_AUX_CLOCKS + 1 17 0 0 0\"\n"
      "\t.ascii \"->field vdso_data[0].seq $128 $4 $0 $0\"\n";  // x86 AT&T immediates
  auto values = ParseProbeAssembly(assembly);
  ASSERT_TRUE(values.ok()) << values.error();
  ASSERT_EQ(values.value().size(), 3u);
  EXPECT_EQ(values.value().at("field vdso_data[0].seq"),
            (std::array<std::uint64_t, 4>{128, 4, 0, 0}));
  EXPECT_EQ(values.value().at("field vdso_data[1].basetime[7].nsec"),
            (std::array<std::uint64_t, 4>{152, 8, 0, 0}));
  EXPECT_EQ(values.value().at("const MAX_AUX_CLOCKS + 1")[0], 17u);
}

TEST(ParseProbeAssembly, RejectsMalformedAndEmptyOutput) {
  auto bad = ParseProbeAssembly("\t.ascii \"->field x 1 2 three 4\"\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("field x 1 2 three 4"), std::string::npos) << bad.error();
  EXPECT_FALSE(ParseProbeAssembly("\t.ascii \"->field x 1 2 3\"\n").ok()) << "three numbers";
  auto empty = ParseProbeAssembly("\t.text\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().find("no probe lines"), std::string::npos) << empty.error();
}

TEST(CompareWithKernel, AgreeingKernelGivesNoMismatch) {
  for (const ref::ArchModel* arch : ref::AllArchModels()) {
    for (ref::LayoutVariant v : ref::AllLayoutVariants()) {
      const ref::Layout& layout = *arch->FindLayout(v).value();
      const TreeFacts facts = FactsFor(*arch, layout);
      const std::string name = std::string(arch->Name()) + " " + ref::LayoutVariantName(v);
      const Comparison c = CompareWithKernel(layout, facts, AgreeingKernel(layout, facts));
      EXPECT_TRUE(c.mismatches.empty()) << name << ":\n" << Describe(c);
      EXPECT_EQ(c.entries_checked, AgreeingKernel(layout, facts).size()) << name;
    }
  }
}

TEST(CompareWithKernel, ReportsAWrongTableEntryFieldByField) {
  const ref::LayoutVariant v{ref::Generation::kLinux7_2, false};
  const TreeFacts facts = FactsFor(Arch(), Get(v));
  const ProbeValues kernel = AgreeingKernel(Get(v), facts);
  ref::Layout wrong = Get(v);  // a copy with deliberate mistakes
  for (ref::LayoutField& f : wrong.fields) {
    if (f.name == "vdso_time_data.aux_clock_data[3].mult") f.offset += 4;
    if (f.name == "timens_time_data.clock_data[0].offset[1].sec") f.type = ref::ScalarType::kU64;
  }
  wrong.pages[2].index = 3;
  const Comparison c = CompareWithKernel(wrong, facts, kernel);
  ASSERT_EQ(c.mismatches.size(), 3u) << Describe(c);
  const Mismatch& offset = c.mismatches[0];
  EXPECT_EQ(offset.key, "field vdso_time_data.aux_clock_data[3].mult");
  EXPECT_EQ(offset.what, "offset");
  EXPECT_EQ(offset.model, offset.kernel + 4);
  EXPECT_EQ(offset.Describe(), "field vdso_time_data.aux_clock_data[3].mult: offset model " +
                                   std::to_string(offset.model) + ", kernel " +
                                   std::to_string(offset.kernel));
  EXPECT_EQ(c.mismatches[1].key, "field timens_time_data.clock_data[0].offset[1].sec");
  EXPECT_EQ(c.mismatches[1].what, "signedness");
  EXPECT_EQ(c.mismatches[2].key, "page VDSO_RNG_PAGE_OFFSET");
  EXPECT_EQ(c.mismatches[2].model, 3u);
  EXPECT_EQ(c.mismatches[2].kernel, 2u);
}

TEST(CompareWithKernel, ReportsEntriesTheProbeDidNotPrint) {
  const ref::LayoutVariant v{ref::Generation::kLinux6_12, true};
  const TreeFacts facts = FactsFor(Arch(), Get(v));
  ProbeValues kernel = AgreeingKernel(Get(v), facts);
  kernel.erase("struct vdso_data[1].arch_data");
  kernel["struct vdso_data[0]"][3] = 0;  // the object is not of the model's type
  const Comparison c = CompareWithKernel(Get(v), facts, kernel);
  ASSERT_EQ(c.mismatches.size(), 2u) << Describe(c);
  EXPECT_EQ(c.mismatches[0].Describe(), "struct vdso_data[0]: type model 1, kernel 0");
  EXPECT_EQ(c.mismatches[1].Describe(),
            "struct vdso_data[1].arch_data: the probe printed no value");
}

}  // namespace
}  // namespace vdsoconf::layout_check
