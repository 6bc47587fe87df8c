// The exported-symbol comparisons of check-image.entry_points and check-image.time on
// synthetic symbol tables: the generation's own table agrees; a missing, extra or misversioned
// symbol, and a time(), are each named.
#include "vdsoconf/riscv/check/export_comparison.h"

#include <gtest/gtest.h>

#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

namespace vdsoconf::riscv::check {
namespace {

DynamicSymbol Function(std::string name, std::string version = "LINUX_4.15") {
  DynamicSymbol symbol;
  symbol.name = std::move(name);
  symbol.version = std::move(version);
  symbol.value = 0x800;
  symbol.type = 2;     // STT_FUNC
  symbol.binding = 1;  // STB_GLOBAL
  symbol.section_index = 7;
  return symbol;
}

std::vector<DynamicSymbol> TableOf(ref::Generation generation) {
  std::vector<DynamicSymbol> symbols;
  for (const auto& entry : ref::riscv::VdsoEntryPoints(generation)) {
    symbols.push_back(Function(std::string(entry.name)));
  }
  return symbols;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

TEST(CompareExports, AgreesWithEachGenerationsOwnTable) {
  for (const ref::Generation generation : ref::kAllGenerations) {
    EXPECT_EQ(Joined(CompareExports(generation, TableOf(generation))), "")
        << ref::GenerationName(generation);
  }
}

TEST(CompareExports, NamesAMissingSymbol) {
  auto symbols = TableOf(ref::Generation::kLinux7_2);
  std::erase_if(symbols, [](const auto& s) { return s.name == "__vdso_getrandom"; });
  EXPECT_EQ(Joined(CompareExports(ref::Generation::kLinux7_2, symbols)),
            "__vdso_getrandom is not exported\n");
}

TEST(CompareExports, NamesAnUnknownSymbolAndAWrongVersion) {
  auto symbols = TableOf(ref::Generation::kLinux6_1);
  symbols.push_back(Function("__vdso_riscv_hwprobe"));
  symbols[0].version = "LINUX_2.6";
  const std::string text = Joined(CompareExports(ref::Generation::kLinux6_1, symbols));
  EXPECT_NE(text.find("__vdso_riscv_hwprobe is exported but generation 6.1's vDSO has no such "
                      "entry"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(symbols[0].name + " has version 'LINUX_2.6', model LINUX_4.15"),
            std::string::npos)
      << text;
}

TEST(ExportedTime, FindsOnlyATimeFunction) {
  auto symbols = TableOf(ref::Generation::kLinux7_2);
  EXPECT_EQ(ExportedTime(symbols), std::nullopt);
  symbols.push_back(Function("__vdso_time"));
  EXPECT_EQ(ExportedTime(symbols), "__vdso_time");
}

}  // namespace
}  // namespace vdsoconf::riscv::check
