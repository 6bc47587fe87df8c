// The bad-input table (reference/.../bad_input_behaviour.h): the rule behind it holds for every
// row, and the conditional rows fall back when their condition fails.
#include "vdsoconf/reference/bad_input_behaviour.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "vdsoconf/reference/entry_points.h"

namespace vdsoconf::ref {
namespace {

std::string Show(const BadInputCase& c) {
  return std::string(c.name) + " (entry " + std::string(c.entry) + ", vdso answer " +
         std::to_string(static_cast<int>(c.vdso)) + ", vdso_ret " + std::to_string(c.vdso_ret) +
         ", syscall " + (c.syscall ? std::to_string(*c.syscall) : "unpredicted") + ")";
}

TEST(BadInputBehaviour, NamesAreUniqueAndStartWithTheirEntry) {
  std::set<std::string_view> names;
  for (const BadInputCase& c : AllBadInputCases()) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << Show(c);
    EXPECT_EQ(c.name.substr(0, c.entry.size() + 1), std::string(c.entry) + ".") << Show(c);
    EXPECT_NE(FindVdsoEntryPoint(Generation::kLinux7_2, "__vdso_" + std::string(c.entry)), nullptr)
        << "7.2 exports every entry point the table covers: " << Show(c);
    EXPECT_EQ(FindBadInputCase(c.name), &c) << Show(c);
  }
  EXPECT_EQ(FindBadInputCase("clock_gettime.no_such_case"), nullptr);
}

TEST(BadInputBehaviour, AFaultingVdsoMeansTheSyscallSaysEfault) {
  for (const BadInputCase& c : AllBadInputCases()) {
    if (c.vdso != VdsoBadInputAnswer::kFaults) continue;
    EXPECT_EQ(c.syscall, std::optional<std::int64_t>(-14)) << Show(c);
  }
}

TEST(BadInputBehaviour, PlainSyscallEntriesNeverFaultOrAnswerThemselves) {
  for (const BadInputCase& c : AllBadInputCases()) {
    if (c.entry != "getcpu" && c.entry != "flush_icache") continue;
    EXPECT_EQ(c.vdso, VdsoBadInputAnswer::kFallback) << Show(c);
  }
}

TEST(BadInputBehaviour, NullClockGetresIsFineForBoth) {
  const BadInputCase* c = FindBadInputCase("clock_getres.monotonic.null");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->vdso == VdsoBadInputAnswer::kReturns && c->vdso_ret == 0 && c->syscall == 0)
      << Show(*c);
}

TEST(BadInputBehaviour, HwprobeIgnoresTheCpuSetOnlyWhenHartsAreHomogeneous) {
  const BadInputCase* c = FindBadInputCase("riscv_hwprobe.cpus_unmapped.size_8");
  ASSERT_NE(c, nullptr);
  BadInputContext context;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kReturns) << Show(*c);
  context.homogeneous_harts = false;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback) << Show(*c);
  context.homogeneous_harts = true;
  context.hwprobe_ready = false;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback)
      << "7.2 falls back before the data is ready: " << Show(*c);
  context.generation = Generation::kLinux6_12;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kReturns)
      << "6.12 has no ready flag: " << Show(*c);
}

TEST(BadInputBehaviour, GetrandomWritesItselfOnlyOnceTheCrngIsReady) {
  const BadInputCase* c = FindBadInputCase("getrandom.buffer_read_only.state_valid");
  ASSERT_NE(c, nullptr);
  BadInputContext context;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFaults) << Show(*c);
  context.crng_ready = false;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback) << Show(*c);
}

}  // namespace
}  // namespace vdsoconf::ref
