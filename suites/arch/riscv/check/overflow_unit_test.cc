// check-image.overflow without QEMU: the sweep sits on the horizon, the model wraps there (or
// takes the 128-bit path with max_cycles), and an image that answers otherwise fails.
#include <gtest/gtest.h>

#include <cstring>

#include "overflow_plan.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check {
namespace {

StateSet StatesFor(ref::Generation generation, bool protect) {
  ref::ReaderPolicy policy;
  policy.generation = generation;
  policy.overflow_protect = protect;
  return GenerateStates(policy);
}

CallResult ImageReturning(std::int64_t sec, std::int64_t nsec) {
  CallResult result;
  result.counter_reads = 1;
  result.buffers.assign(1, std::vector<std::uint8_t>(16));
  std::memcpy(result.buffers[0].data(), &sec, 8);
  std::memcpy(result.buffers[0].data() + 8, &nsec, 8);
  return result;
}

const OverflowPoint& Point(const OverflowSweep& sweep, const std::string& label,
                           std::size_t* index) {
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    if (sweep.points[i].label == label) {
      *index = i;
      return sweep.points[i];
    }
  }
  ADD_FAILURE() << "no point " << label;
  *index = 0;
  return sweep.points.at(0);
}

TEST(OverflowSweep, TheModelWrapsExactlyAtTheHorizonWithoutProtection) {
  const StateSet states = StatesFor(ref::Generation::kLinux6_1, false);
  const auto& state = states.Representative();
  const OverflowSweep sweep = PlanOverflowSweep(state.state, ref::kClockMonotonic, false);
  ASSERT_TRUE(sweep.horizon.reachable);
  const auto predictions =
      PredictOverflowSweep(state.state, sweep, ref::ReaderPolicy{ref::Generation::kLinux6_1});
  std::size_t before = 0;
  std::size_t at = 0;
  Point(sweep, "horizon-1", &before);
  Point(sweep, "horizon", &at);
  EXPECT_EQ(predictions[before].readout.unprotected_ns, predictions[before].readout.exact_ns);
  EXPECT_NE(predictions[at].readout.unprotected_ns, predictions[at].readout.exact_ns)
      << "delta " << sweep.points[at].delta << " horizon " << sweep.horizon.first_wrapping_delta;
  // Time runs backwards across the horizon.
  EXPECT_LT(predictions[at].model.ts.tv_sec, predictions[before].model.ts.tv_sec)
      << ref::Describe(predictions[at].model) << " vs " << ref::Describe(predictions[before].model);
}

// An image built with overflow protection answers exactly at the horizon: the model of an
// unprotected build says it must wrap, so the comparison fails.
TEST(OverflowCompare, AnExactAnswerWhereTheModelWrapsFails) {
  const StateSet states = StatesFor(ref::Generation::kLinux7_2, false);
  const auto& state = states.Representative();
  ref::ReaderPolicy policy;
  const OverflowSweep sweep = PlanOverflowSweep(state.state, ref::kClockMonotonic, false);
  const auto predictions = PredictOverflowSweep(state.state, sweep, policy);
  std::size_t at = 0;
  Point(sweep, "horizon", &at);
  const auto& readout = predictions[at].readout;
  const std::uint64_t base_sec = state.state.time.clock[0].basetime[1].sec;
  const CallResult exact =
      ImageReturning(static_cast<std::int64_t>(base_sec + readout.exact_ns / 1'000'000'000),
                     static_cast<std::int64_t>(readout.exact_ns % 1'000'000'000));
  EXPECT_NE(CompareCall(exact, predictions[at].expected), "")
      << "exact ns " << readout.exact_ns << " wrapped " << readout.unprotected_ns;
  const auto [sec, nsec] = ObservedTimespec(exact);
  EXPECT_EQ(DescribeOverflowPoint(sweep.points[at], predictions[at], exact)["image"]["sec"], sec)
      << nsec;
}

// With max_cycles the model takes the 128-bit path from max_cycles on; an image that wraps
// there fails.
TEST(OverflowCompare, AWrappedAnswerWhereTheModelTakesThe128BitPathFails) {
  const StateSet states = StatesFor(ref::Generation::kLinux6_12, true);
  const auto& state = states.Representative();
  ref::ReaderPolicy policy;
  policy.generation = ref::Generation::kLinux6_12;
  policy.overflow_protect = true;
  const OverflowSweep sweep = PlanOverflowSweep(state.state, ref::kClockMonotonicRaw, true);
  const auto predictions = PredictOverflowSweep(state.state, sweep, policy);
  std::size_t at = 0;
  Point(sweep, "horizon", &at);
  ASSERT_TRUE(predictions[at].model.stats.used_mul_u64_u32_add_u64_shr)
      << "max_cycles " << state.state.time.clock[1].max_cycles << " horizon "
      << sweep.horizon.first_wrapping_delta;
  EXPECT_EQ(predictions[at].readout.protected_ns, predictions[at].readout.exact_ns);
  const std::uint64_t base_sec = state.state.time.clock[1].basetime[4].sec;
  const std::uint64_t wrapped = predictions[at].readout.unprotected_ns;
  const CallResult wrapping =
      ImageReturning(static_cast<std::int64_t>(base_sec + wrapped / 1'000'000'000),
                     static_cast<std::int64_t>(wrapped % 1'000'000'000));
  EXPECT_NE(CompareCall(wrapping, predictions[at].expected), "");
  std::size_t max_index = 0;
  EXPECT_EQ(Point(sweep, "max_cycles", &max_index).delta, state.state.time.clock[1].max_cycles);
}

TEST(OverflowSweep, ANarrowMaskHasNoHorizonAndNoPoints) {
  ref::VvarState state = StatesFor(ref::Generation::kLinux6_1, false).Representative().state;
  state.time.clock[0].mask = 0xffffffff;
  state.time.clock[0].mult = 0x1000;
  const OverflowSweep sweep = PlanOverflowSweep(state, ref::kClockMonotonic, false);
  EXPECT_FALSE(sweep.horizon.reachable);
  EXPECT_TRUE(sweep.points.empty()) << sweep.points.size();
}

}  // namespace
}  // namespace vdsoconf::riscv::check
