// The generic bad-input table (reference/.../bad_input_behaviour.h): the rule behind it holds for
// every row of the generic vDSO's entry points, and the conditional rows fall back when their
// condition fails. An architecture's own rows are tested with it (suites/arch/<arch>/).
#include "vdsoconf/reference/bad_input_behaviour.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vdsoconf::ref {
namespace {

std::string Show(const BadInputCase& c) {
  return std::string(c.name) + " (entry " + std::string(c.entry) + ", vdso answer " +
         std::to_string(static_cast<int>(c.vdso)) + ", vdso_ret " + std::to_string(c.vdso_ret) +
         ", syscall " + (c.syscall ? std::to_string(*c.syscall) : "unpredicted") + ")";
}

const BadInputCase* FindGeneric(std::string_view name) {
  for (const BadInputCase& c : GenericBadInputCases()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TEST(BadInputBehaviour, NamesAreUniqueAndStartWithTheirEntry) {
  const std::set<std::string_view> generic_entries = {"clock_gettime", "clock_getres",
                                                      "gettimeofday", "getrandom"};
  std::set<std::string_view> names;
  for (const BadInputCase& c : GenericBadInputCases()) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << Show(c);
    EXPECT_EQ(c.name.substr(0, c.entry.size() + 1), std::string(c.entry) + ".") << Show(c);
    EXPECT_TRUE(generic_entries.contains(c.entry))
        << "only lib/vdso's entry points are generic: " << Show(c);
  }
}

TEST(BadInputBehaviour, AFaultingVdsoMeansTheSyscallSaysEfault) {
  for (const BadInputCase& c : GenericBadInputCases()) {
    if (c.vdso != VdsoBadInputAnswer::kFaults) continue;
    EXPECT_EQ(c.syscall, std::optional<std::int64_t>(-14)) << Show(c);
  }
}

TEST(BadInputBehaviour, NullClockGetresIsFineForBoth) {
  const BadInputCase* c = FindGeneric("clock_getres.monotonic.null");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->vdso == VdsoBadInputAnswer::kReturns && c->vdso_ret == 0 && c->syscall == 0)
      << Show(*c);
}

TEST(BadInputBehaviour, GetrandomWritesItselfOnlyOnceTheCrngIsReady) {
  const BadInputCase* c = FindGeneric("getrandom.buffer_read_only.state_valid");
  ASSERT_NE(c, nullptr);
  BadInputContext context;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFaults) << Show(*c);
  context.crng_ready = false;
  EXPECT_EQ(ExpectedVdsoAnswer(*c, context), VdsoBadInputAnswer::kFallback) << Show(*c);
}

TEST(BadInputBehaviour, ArchFactsHoldUnlessNamedFailing) {
  BadInputContext context;
  EXPECT_TRUE(context.ArchFactHolds("any_fact"));
  context.failing_arch_facts.push_back("any_fact");
  EXPECT_FALSE(context.ArchFactHolds("any_fact"));
  EXPECT_TRUE(context.ArchFactHolds("another_fact"));
}

}  // namespace
}  // namespace vdsoconf::ref
