// The model fuzzers' features (model_feedback.h): each reader call gives a decision and an
// effort feature; behaviours that differ in what the header lists differ in features, the same
// behaviour always gives the same ones, and ReportBehaviour puts feature f into counter f / 8
// with a value of libFuzzer's bucket f % 8.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "model_inputs_for_tests.h"
#include "vdsoconf/fuzz/model_feedback.h"
#include "vdsoconf/fuzz/model_invariants.h"
#include "vdsoconf/fuzz/model_state.h"

namespace vdsoconf::fuzz {
namespace {

using ref::ClockResult;

std::vector<std::uint16_t> FeaturesOf(const ModelInput& input, const ClockResult& r) {
  BehaviourLog log;
  log.Note(input, 0, r);
  return {log.features().begin(), log.features().end()};
}

ClockResult Returned(ref::ReaderPath path) {
  ClockResult r;
  r.outcome = ref::Outcome::kReturned;
  r.path = path;
  r.ts_written = true;
  r.stats.reads = 5;
  r.stats.counter_reads = 1;
  return r;
}

TEST(ModelFeedback, EachCallGivesADecisionAndAnEffortFeatureInRange) {
  const ModelInput input = testing::LiveLikeSeed();
  const auto features = FeaturesOf(input, Returned(ref::ReaderPath::kHres));
  ASSERT_EQ(features.size(), 2u);
  for (const auto f : features) EXPECT_LT(f, kBehaviourFeatures);
  EXPECT_EQ(features, FeaturesOf(input, Returned(ref::ReaderPath::kHres)));  // deterministic
}

TEST(ModelFeedback, ADifferentDecisionIsADifferentDecisionFeature) {
  const ModelInput input = testing::LiveLikeSeed();
  const auto hres = FeaturesOf(input, Returned(ref::ReaderPath::kHres));
  ClockResult fallback;
  fallback.outcome = ref::Outcome::kFallback;
  fallback.fallback = ref::FallbackReason::kVdsoClockModeNone;
  fallback.syscall = ref::Syscall::kClockGettime;
  EXPECT_NE(FeaturesOf(input, fallback)[0], hres[0]);
  EXPECT_NE(FeaturesOf(input, Returned(ref::ReaderPath::kHresTimens))[0], hres[0]);
  ModelInput other_generation = input;
  other_generation.generation = ref::Generation::kLinux6_1;
  EXPECT_NE(FeaturesOf(other_generation, Returned(ref::ReaderPath::kHres))[0], hres[0]);
  ModelInput in_namespace = input;
  in_namespace.in_timens = !input.in_timens;
  EXPECT_NE(FeaturesOf(in_namespace, Returned(ref::ReaderPath::kHres))[0], hres[0]);
}

TEST(ModelFeedback, MoreEffortOnTheSamePathIsADifferentEffortFeatureOnly) {
  const ModelInput input = testing::LiveLikeSeed();
  const auto plain = FeaturesOf(input, Returned(ref::ReaderPath::kHres));
  ClockResult retried = Returned(ref::ReaderPath::kHres);
  retried.stats.seq_retries = 1;
  retried.stats.reads = 10;
  ClockResult wide = Returned(ref::ReaderPath::kHres);
  wide.stats.used_mul_u64_u32_add_u64_shr = true;
  ClockResult long_division = Returned(ref::ReaderPath::kHres);
  long_division.stats.division_iterations = std::uint64_t{1} << 40;
  for (const ClockResult& r : {retried, wide, long_division}) {
    const auto f = FeaturesOf(input, r);
    EXPECT_EQ(f[0], plain[0]) << ref::Describe(r);
    EXPECT_NE(f[1], plain[1]) << ref::Describe(r);
  }
}

// How many vvar reads a call made is not a behaviour of its own (model_feedback.h says why).
TEST(ModelFeedback, TheReadCountAloneIsNotADifferentBehaviour) {
  const ModelInput input = testing::LiveLikeSeed();
  ClockResult long_window = Returned(ref::ReaderPath::kHres);
  long_window.stats.reads = 40;
  EXPECT_EQ(FeaturesOf(input, long_window), FeaturesOf(input, Returned(ref::ReaderPath::kHres)));
}

// A property's calls are noted: gettimeofday makes two (clock_gettime(REALTIME) and
// gettimeofday), clock_getres one.
TEST(ModelFeedback, CheckModelInputNotesEveryReaderCallOfTheProperty) {
  ModelStates states;
  ModelInput input = testing::LiveLikeSeed();
  input.property = ModelProperty::kGettimeofday;
  BehaviourLog log;
  ASSERT_FALSE(CheckModelInput(input, states, &log));
  EXPECT_EQ(log.features().size(), 4u);
  input.property = ModelProperty::kClockGetres;
  BehaviourLog getres_log;
  ASSERT_FALSE(CheckModelInput(input, states, &getres_log));
  EXPECT_EQ(getres_log.features().size(), 2u);
}

// Across varied inputs the features tell many behaviours apart: a feature function that ignored
// its tuple (one constant) or most of it would fail here.
TEST(ModelFeedback, VariedInputsReachManyFeatures) {
  ModelStates states;
  std::set<std::uint16_t> seen;
  for (const ModelInput& input : testing::VariedInputs(3000, 7)) {
    BehaviourLog log;
    (void)CheckModelInput(input, states, &log);
    seen.insert(log.features().begin(), log.features().end());
  }
  EXPECT_GE(seen.size(), 100u);
}

TEST(ModelFeedback, ReportPutsEachFeatureInItsCounterWithItsBucketsValue) {
  const auto counters = BehaviourCounters();
  ASSERT_EQ(counters.size(), kBehaviourFeatures / 8);
  std::fill(counters.begin(), counters.end(), std::uint8_t{0});
  const ModelInput input = testing::LiveLikeSeed();
  BehaviourLog log;
  log.Note(input, 0, Returned(ref::ReaderPath::kHres));
  ReportBehaviour(log);
  // libFuzzer's buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.
  constexpr unsigned kLow[8] = {1, 2, 3, 4, 8, 16, 32, 128};
  constexpr unsigned kHigh[8] = {1, 2, 3, 7, 15, 31, 127, 255};
  for (const auto f : log.features()) {
    const unsigned value = counters[f / 8];
    EXPECT_GE(value, kLow[f % 8]) << "feature " << f;
    EXPECT_LE(value, kHigh[f % 8]) << "feature " << f;
  }
  const auto lit = std::count_if(counters.begin(), counters.end(), [](auto c) { return c != 0; });
  EXPECT_LE(lit, 2);
  EXPECT_GE(lit, 1);
  std::fill(counters.begin(), counters.end(), std::uint8_t{0});
}

}  // namespace
}  // namespace vdsoconf::fuzz
