// The generated vvar states: complete for every layout, encodable, deterministic, and covering
// the edges the issue names.
#include "vdsoconf/riscv/check/vvar_states.h"

#include <gtest/gtest.h>

#include <set>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::riscv::check {
namespace {

class StatesForEveryLayout : public ::testing::TestWithParam<ref::LayoutVariant> {
 protected:
  ref::ReaderPolicy Policy() const { return ref::ReaderPolicy::For(GetParam()); }
};

TEST_P(StatesForEveryLayout, EveryStateDecodesBackToItselfWithCounters) {
  const StateSet set = GenerateStates(Policy());
  const auto layout = ref::FindLayout(GetParam());
  ASSERT_TRUE(layout.ok()) << layout.error();
  std::set<std::string> names;
  for (const GeneratedState& state : set.states) {
    EXPECT_TRUE(names.insert(state.name).second) << "duplicate state name " << state.name;
    EXPECT_FALSE(state.counters.empty()) << state.name;
    EXPECT_FALSE(state.summary.empty()) << state.name;
    EXPECT_EQ(state.bytes.size(), layout.value()->page_count * ref::kPageSize) << state.name;
    const auto decoded = ref::DecodeVvar(state.bytes, GetParam());
    ASSERT_TRUE(decoded.ok()) << state.name << ": " << decoded.error();
    EXPECT_TRUE(decoded.value().state == state.state) << state.name << " does not round-trip";
    EXPECT_TRUE(decoded.value().nonzero_padding.empty()) << state.name;
  }
}

TEST_P(StatesForEveryLayout, IsDeterministic) {
  const StateSet a = GenerateStates(Policy());
  const StateSet b = GenerateStates(Policy());
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t i = 0; i < a.states.size(); ++i) {
    EXPECT_EQ(a.states[i].bytes, b.states[i].bytes) << a.states[i].name;
    EXPECT_EQ(a.states[i].counters, b.states[i].counters) << a.states[i].name;
  }
}

TEST_P(StatesForEveryLayout, CoversTheNamedEdgesAndRealisticStates) {
  const StateSet set = GenerateStates(Policy());
  std::vector<std::string> required = {
      "writer.booted",         "writer.day-up",           "writer.years-up",
      "writer.mask32",         "writer.clocksource-none", "writer.timens",
      "edge.narrow-mask-wrap", "edge.overflow-horizon",   "edge.nsec-carry",
      "edge.huge-seconds",     "edge.clock-mode-none",    "edge.timens-offsets"};
  const ref::Generation generation = GetParam().generation;
  if (generation == ref::Generation::kLinux7_2) {
    required.insert(required.end(),
                    {"writer.aux-clocks", "edge.aux-alternating", "edge.not-ready"});
  }
  if (generation != ref::Generation::kLinux6_1) required.push_back("edge.hwprobe-heterogeneous");
  if (GetParam().overflow_protect) required.push_back("edge.overflow-horizon-no-max-cycles");
  for (const auto& name : required) EXPECT_NE(set.Find(name), nullptr) << "missing " << name;
  EXPECT_EQ(&set.Representative(), set.Find("writer.day-up"));
}

TEST_P(StatesForEveryLayout, NamespaceStatesHaveTheNamespacePageFirst) {
  const StateSet set = GenerateStates(Policy());
  for (const char* name : {"writer.timens", "edge.timens-offsets"}) {
    const GeneratedState* state = set.Find(name);
    ASSERT_NE(state, nullptr) << name;
    const ref::VdsoClock& page0 = state->state.time.clock[ref::kCsHresCoarse];
    EXPECT_EQ(page0.clock_mode, ref::kClockModeTimens) << name;
    EXPECT_EQ(page0.seq & 1u, 1u) << name;
    // Counters are relative to the real page's cycle_last, where the reader takes its delta.
    EXPECT_EQ(state->counters.front(),
              state->state.timens.clock[ref::kCsHresCoarse].cycle_last + 12'345)
        << name;
  }
}

TEST_P(StatesForEveryLayout, OverflowStateReadsAtAndBeyondTheHorizon) {
  const StateSet set = GenerateStates(Policy());
  const GeneratedState* state = set.Find("edge.overflow-horizon");
  ASSERT_NE(state, nullptr);
  const ref::VdsoClock& clock = state->state.time.clock[ref::kCsHresCoarse];
  // delta * mult + base: the second counter is the last exact delta, the third wraps.
  const unsigned __int128 base = clock.basetime[ref::kClockMonotonic].nsec;
  const auto product = [&](std::uint64_t counter) {
    return static_cast<unsigned __int128>(counter - clock.cycle_last) * clock.mult + base;
  };
  const unsigned __int128 two_to_64 = static_cast<unsigned __int128>(1) << 64;
  ASSERT_GE(state->counters.size(), 3u);
  EXPECT_LT(product(state->counters[1]), two_to_64);
  EXPECT_GE(product(state->counters[2]), two_to_64);
}

INSTANTIATE_TEST_SUITE_P(Layouts, StatesForEveryLayout,
                         ::testing::ValuesIn(ref::AllLayoutVariants()), [](const auto& param_info) {
                           std::string name = ref::LayoutVariantName(param_info.param);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace vdsoconf::riscv::check
