// RISC-V's bad-input cases (riscv64_bad_input.h) with the generic ones, as its model gives them:
// the rule behind the table holds for its rows, and the hwprobe rows fall back when the harts
// differ or the data is not ready.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "vdsoconf/reference/riscv/riscv64_bad_input.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"

namespace vdsoconf::ref::riscv {
namespace {

std::string Show(const BadInputCase& c) {
  return std::string(c.name) + " (entry " + std::string(c.entry) + ", vdso answer " +
         std::to_string(static_cast<int>(c.vdso)) + ", vdso_ret " + std::to_string(c.vdso_ret) +
         ", syscall " + (c.syscall ? std::to_string(*c.syscall) : "unpredicted") + ")";
}

TEST(RiscvBadInput, NamesAreUniqueStartWithTheirEntryAndAreExportedIn72) {
  const ArchModel& model = Riscv64Model();
  std::set<std::string_view> names;
  for (const BadInputCase& c : AllBadInputCases(model)) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << Show(c);
    EXPECT_EQ(c.name.substr(0, c.entry.size() + 1), std::string(c.entry) + ".") << Show(c);
    EXPECT_NE(model.FindEntryPoint(Generation::kLinux7_2, "__vdso_" + std::string(c.entry)),
              nullptr)
        << "7.2 exports every entry point the table covers: " << Show(c);
    const BadInputCase* found = FindBadInputCase(model, c.name);
    ASSERT_NE(found, nullptr) << Show(c);
    EXPECT_EQ(found->entry, c.entry) << Show(c);
  }
  EXPECT_EQ(FindBadInputCase(model, "clock_gettime.no_such_case"), nullptr);
  EXPECT_EQ(AllBadInputCases(model).size(), GenericBadInputCases().size() + BadInputCases().size());
}

TEST(RiscvBadInput, TheModelGivesTheOwnRows) {
  EXPECT_EQ(Riscv64Model().ArchBadInputCases().data(), BadInputCases().data());
  for (const BadInputCase& c : BadInputCases()) {
    EXPECT_TRUE(c.entry == "getcpu" || c.entry == "riscv_hwprobe" || c.entry == "flush_icache")
        << Show(c);
  }
  ASSERT_EQ(Riscv64Model().AssumedBadInputFacts().size(), 1u);
  EXPECT_EQ(Riscv64Model().AssumedBadInputFacts()[0], "homogeneous_harts");
}

TEST(RiscvBadInput, AFaultingVdsoMeansTheSyscallSaysEfault) {
  for (const BadInputCase& c : BadInputCases()) {
    if (c.vdso != VdsoBadInputAnswer::kFaults) continue;
    EXPECT_EQ(c.syscall, std::optional<std::int64_t>(-14)) << Show(c);
  }
}

TEST(RiscvBadInput, PlainSyscallEntriesNeverFaultOrAnswerThemselves) {
  for (const BadInputCase& c : BadInputCases()) {
    if (c.entry != "getcpu" && c.entry != "flush_icache") continue;
    EXPECT_EQ(c.vdso, VdsoBadInputAnswer::kFallback) << Show(c);
  }
}

TEST(RiscvBadInput, HwprobeIgnoresTheCpuSetOnlyWhenHartsAreHomogeneous) {
  const BadInputCase* c = FindBadInputCase(Riscv64Model(), "riscv_hwprobe.cpus_unmapped.size_8");
  ASSERT_NE(c, nullptr);
  BadInputContext context;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kReturns) << Show(*c);
  context.failing_arch_facts = {kHomogeneousHartsFact};
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback) << Show(*c);
  context.failing_arch_facts = {kHwprobeReadyFact};
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback)
      << "7.2 falls back before the data is ready: " << Show(*c);
  context.generation = Generation::kLinux6_12;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kReturns)
      << "6.12 has no ready flag: " << Show(*c);
}

}  // namespace
}  // namespace vdsoconf::ref::riscv
