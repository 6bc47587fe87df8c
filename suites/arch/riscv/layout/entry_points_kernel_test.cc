// RISC-V's vDSO entry-point catalogue (riscv64_entry_points.h) checked against the kernel sources
// themselves: the LINUX_4.15 version block of each tree's vdso.lds.S, and the syscall number each
// assembly entry loads (scripts/syscall.tbl). Needs the linux_sources fixture.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../reference/entry_point_names.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

namespace vdsoconf::ref::riscv {
namespace {

using test_support::Join;
using test_support::Names;

// The tree of one generation, from the linux_sources fixture (cmake/VdsoconfFixtures.cmake).
// Empty when the variable is unset: the caller fails the test saying so.
std::filesystem::path SourceTree(Generation g) {
  std::string variable = "VDSOCONF_LINUX_SOURCE_" + std::string(GenerationName(g));
  for (char& c : variable) {
    if (c == '.') c = '_';
  }
  const char* tree = std::getenv(variable.c_str());
  return tree == nullptr ? std::filesystem::path() : std::filesystem::path(tree);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The __vdso_* names of the LINUX_4.15 block, in order. Every #if in that block is true for the
// 64-bit native vDSO with CONFIG_VDSO_GETRANDOM, so all names count.
std::vector<std::string> LdsSymbols(const std::string& lds) {
  const auto block = lds.find("LINUX_4.15");
  const auto end = lds.find("local:", block);
  std::vector<std::string> names;
  if (block == std::string::npos || end == std::string::npos) return names;
  const std::string body = lds.substr(block, end - block);
  const std::regex symbol(R"((__vdso_\w+)\s*;)");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), symbol);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

TEST(EntryPointsAgainstKernel, LdsVersionBlockMatchesCatalogue) {
  for (Generation g : kAllGenerations) {
    const std::filesystem::path tree = SourceTree(g);
    ASSERT_FALSE(tree.empty()) << "VDSOCONF_LINUX_SOURCE_* for " << GenerationName(g)
                               << " is not set: run through ctest (fixture linux_sources)";
    const auto lds = tree / "arch/riscv/kernel/vdso/vdso.lds.S";
    ASSERT_TRUE(std::filesystem::exists(lds)) << lds;
    const std::vector<std::string> from_lds = LdsSymbols(ReadFile(lds));
    EXPECT_EQ(from_lds, Names(g)) << lds << "\n lds: " << Join(from_lds)
                                  << "\n model: " << Join(Names(g));
  }
}

TEST(EntryPointsAgainstKernel, AssemblyEntriesLoadTheirSyscall) {
  // Each .S entry does `li a7, __NR_<name>`; the number behind that name must be ours.
  const std::filesystem::path newest = SourceTree(Generation::kLinux7_2);
  ASSERT_FALSE(newest.empty()) << "VDSOCONF_LINUX_SOURCE_7_2 is not set: run through ctest";
  const std::string table = ReadFile(newest / "scripts/syscall.tbl");
  ASSERT_FALSE(table.empty());
  for (Generation g : kAllGenerations) {
    for (const EntryPoint& e : VdsoEntryPoints(g)) {
      const std::filesystem::path tree = SourceTree(g);
      ASSERT_FALSE(tree.empty()) << GenerationName(g) << " tree not set";
      const auto source = tree / "arch/riscv/kernel/vdso" / std::string(e.source);
      if (source.extension() != ".S") continue;
      const std::string text = ReadFile(source);
      std::smatch m;
      ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(li\s+a7,\s*__NR_(\w+))"))) << source;
      const std::regex row("\n" + std::to_string(e.syscall_nr) + R"(\s+\w+\s+)" + m[1].str() +
                           R"(\s)");
      EXPECT_TRUE(std::regex_search(table, row))
          << GenerationName(g) << " " << e.name << " loads __NR_" << m[1] << ", model says "
          << e.syscall_nr;
    }
  }
}

}  // namespace
}  // namespace vdsoconf::ref::riscv
