// The model fuzzer gives calls under an idle writer kModelIdleMaxReads reads and calls under a
// WriterSource a budget that ends kModelWriterTailReads after the writer's last change, instead of
// kModelMaxReads (model_input.h says why that cannot change a result). These tests hold the
// claim to the reference reader: every call gives the same result under both budgets, except
// that a spin is seen after fewer reads.
#include <gtest/gtest.h>

#include <string>

#include "model_inputs_for_tests.h"
#include "vdsoconf/fuzz/model_state.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/clock_result.h"

namespace vdsoconf::fuzz {
namespace {

using ref::ClockResult;
using ref::Outcome;

std::string Show(const ModelInput& in) {
  return "generation " + std::string(ref::GenerationName(in.generation)) +
         " clock_id=" + std::to_string(in.clock_id) + " in_timens=" + std::to_string(in.in_timens) +
         " time_namespaces=" + std::to_string(in.time_namespaces) +
         " hres.seq=" + std::to_string(in.hres.seq) + " other.seq=" + std::to_string(in.other.seq) +
         " ns.seq=" + std::to_string(in.ns.seq) + " ns.mode=" + std::to_string(in.ns.clock_mode) +
         " writer odd_from=" + std::to_string(in.writer.odd_from) +
         " odd_reads=" + std::to_string(in.writer.odd_reads);
}

// Same result, or both spin the same way (the read counts of a spin are the budget's).
::testing::AssertionResult SameResult(const ClockResult& budgeted, const ClockResult& full) {
  const bool both_spin =
      budgeted.outcome == Outcome::kWouldSpin && full.outcome == Outcome::kWouldSpin;
  if (both_spin ? budgeted.spin == full.spin : budgeted == full) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "with the smaller budget: " << ref::Describe(budgeted)
                                       << "\nwith kModelMaxReads: " << ref::Describe(full);
}

::testing::AssertionResult SameResult(const ref::GettimeofdayResult& budgeted,
                                      const ref::GettimeofdayResult& full) {
  const bool both_spin =
      budgeted.outcome == Outcome::kWouldSpin && full.outcome == Outcome::kWouldSpin;
  if (both_spin ? budgeted.spin == full.spin : budgeted == full) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "with the smaller budget: " << ref::Describe(budgeted)
                                       << "\nwith kModelMaxReads: " << ref::Describe(full);
}

TEST(ReadBudget, IdleBudgetGivesTheResultsOfTheFullBudget) {
  ModelStates states;
  int spins = 0, longest_finite = 0;
  for (const ModelInput& in : testing::VariedInputs(30000, 21)) {
    states.BuildIdle(in);
    const ref::ReaderPolicy idle = IdlePolicyOf(in), full = PolicyOf(in);
    ref::StaticSource source(states.before(), in.counter);
    const ClockResult gettime = ref::ClockGettime(source, in.clock_id, idle);
    ASSERT_TRUE(SameResult(gettime, ref::ClockGettime(source, in.clock_id, full)))
        << "clock_gettime: " << Show(in);
    ASSERT_TRUE(SameResult(ref::ClockGetres(source, in.clock_id, in.out_present, idle),
                           ref::ClockGetres(source, in.clock_id, in.out_present, full)))
        << "clock_getres: " << Show(in);
    const ref::GettimeofdayResult gtod =
        ref::Gettimeofday(source, in.out_present, in.tz_present, idle);
    ASSERT_TRUE(SameResult(gtod, ref::Gettimeofday(source, in.out_present, in.tz_present, full)))
        << "gettimeofday: " << Show(in);
    for (const ref::ReadStats& stats : {gettime.stats, gtod.stats}) {
      if (stats.reads < kModelIdleMaxReads) {
        longest_finite = std::max(longest_finite, static_cast<int>(stats.reads));
      }
    }
    spins += gettime.outcome == Outcome::kWouldSpin;
  }
  EXPECT_GT(spins, 100) << "the inputs must include spinning calls";
  // Exact, not a bound: the idle budget is one read more than this, so a constant too small
  // would call finite calls spins, and one too large would waste reads on every spin.
  EXPECT_EQ(longest_finite, static_cast<int>(kModelIdleLongestCall))
      << "the longest finite idle call is not what model_input.h says";
}

TEST(ReadBudget, WriterBudgetGivesTheResultsOfTheFullBudget) {
  ModelStates states;
  int spins = 0, retried = 0;
  for (const ModelInput& in : testing::VariedInputs(30000, 22)) {
    states.Build(in);
    WriterSource budgeted_source(states, in), full_source(states, in);
    const ClockResult budgeted =
        ref::ClockGettime(budgeted_source, in.clock_id, WriterPolicyOf(in));
    const ClockResult full = ref::ClockGettime(full_source, in.clock_id, PolicyOf(in));
    ASSERT_TRUE(SameResult(budgeted, full)) << Show(in);
    spins += full.outcome == Outcome::kWouldSpin;
    retried += full.stats.seq_retries > 0;
  }
  EXPECT_GT(spins, 100) << "the inputs must include spinning calls";
  EXPECT_GT(retried, 100) << "the inputs must include writers that force a retry";
}

TEST(ReadBudget, WriterBudgetNeverExceedsTheModelMaximum) {
  ModelInput in = testing::LiveLikeSeed();
  in.writer.odd_from = kMaxWriterOddFrom;
  in.writer.odd_reads = kMaxWriterOddReads;
  const std::uint32_t budget = WriterPolicyOf(in).max_reads;
  EXPECT_LE(budget, kModelMaxReads)
      << "odd_from=" << int{in.writer.odd_from} << " odd_reads=" << int{in.writer.odd_reads};
  in.writer.odd_from = 0;
  in.writer.odd_reads = 0;
  EXPECT_EQ(WriterPolicyOf(in).max_reads, kModelWriterTailReads) << "an idle-from-the-start writer";
}

}  // namespace
}  // namespace vdsoconf::fuzz
