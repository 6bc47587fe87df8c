// check-image.seqlock without QEMU: the model side of each writer injection (MirrorSource,
// PredictSeqlock) and the comparison failing on what a broken image would report.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "seqlock_mirror_source.h"
#include "seqlock_plan.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check {
namespace {

using ref::Generation;

struct Fixture {
  explicit Fixture(Generation generation) {
    policy.generation = generation;
    states = GenerateStates(policy);
    layout = ref::FindLayout({generation, false}).value();
  }
  const GeneratedState& state() const { return states.Representative(); }
  ref::ReaderPolicy policy;
  StateSet states;
  const ref::Layout* layout = nullptr;
};

const SeqlockScenario& Find(const std::vector<SeqlockScenario>& scenarios, std::int32_t clock_id,
                            const std::string& name) {
  for (const SeqlockScenario& scenario : scenarios) {
    if (scenario.clock_id == clock_id && scenario.name == name) return scenario;
  }
  ADD_FAILURE() << "no scenario " << name << " for clock " << clock_id;
  static const SeqlockScenario kNone;
  return kNone;
}

// What a correct image reports: exactly the prediction.
CallResult ObservationOf(const SeqlockPrediction& prediction) {
  CallResult result;
  result.outcome = protocol::Outcome::kReturned;
  result.return_value = prediction.expected.return_value;
  result.counter_reads = prediction.expected.counter_reads.value_or(0);
  result.pauses = prediction.pauses.value_or(0);
  result.buffers = prediction.expected.buffers;
  return result;
}

std::int64_t TsSec(const std::vector<std::uint8_t>& buffer) {
  std::int64_t sec = 0;
  std::memcpy(&sec, buffer.data(), 8);
  return sec;
}

TEST(SeqlockPlan, WriteAtTheFirstCounterReadCostsOneRetryAndUsesTheNewData) {
  for (Generation generation : ref::kAllGenerations) {
    Fixture f(generation);
    const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
    const SeqlockScenario& write = Find(scenarios, ref::kClockMonotonic, "write-1");
    const SeqlockPrediction prediction = PredictSeqlock(write, f.state().bytes, f.policy);
    EXPECT_TRUE(prediction.all_injections_reached) << ref::GenerationName(generation);
    EXPECT_EQ(prediction.model.stats.seq_retries, 1u)
        << ref::GenerationName(generation) << ": " << ref::Describe(prediction.model);
    EXPECT_EQ(prediction.expected.counter_reads, 2u) << ref::Describe(prediction.model);
    EXPECT_EQ(prediction.pauses, 0u) << ref::Describe(prediction.model);
    // The writer added 1000 + 1 s to the base: the answer must carry it.
    const std::uint64_t base_sec = f.state().state.time.clock[0].basetime[1].sec;
    EXPECT_GE(static_cast<std::uint64_t>(prediction.model.ts.tv_sec), base_sec + 1001)
        << "base " << base_sec << " " << ref::Describe(prediction.model);
  }
}

TEST(SeqlockPlan, OddSeqAtTheCounterReadSpinsUntilThePause) {
  Fixture f(Generation::kLinux7_2);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  const SeqlockPrediction prediction =
      PredictSeqlock(Find(scenarios, ref::kClockMonotonicRaw, "odd-2"), f.state().bytes, f.policy);
  EXPECT_TRUE(prediction.all_injections_reached);
  EXPECT_EQ(prediction.expected.counter_reads, 3u) << ref::Describe(prediction.model);
  EXPECT_EQ(prediction.pauses, 1u) << ref::Describe(prediction.model);
  EXPECT_EQ(prediction.model.stats.seq_retries, 2u) << ref::Describe(prediction.model);
}

TEST(SeqlockPlan, SpinScenariosPauseExactlyMTimesForCoarseClocks) {
  Fixture f(Generation::kLinux6_12);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  for (std::uint32_t m = 1; m <= 3; ++m) {
    const SeqlockPrediction prediction =
        PredictSeqlock(Find(scenarios, ref::kClockMonotonicCoarse, "spin-" + std::to_string(m)),
                       f.state().bytes, f.policy);
    EXPECT_EQ(prediction.pauses, m) << ref::Describe(prediction.model);
    EXPECT_EQ(prediction.expected.counter_reads, 0u) << ref::Describe(prediction.model);
  }
}

TEST(SeqlockPlan, TimeNamespaceInjectionsGoToTheRealPage) {
  Fixture f(Generation::kLinux7_2);
  const GeneratedState* timens = f.states.Find("writer.timens");
  ASSERT_NE(timens, nullptr);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, timens->state, f.policy, 3);
  const SeqlockScenario& write = Find(scenarios, ref::kClockMonotonic, "write-1");
  ASSERT_FALSE(write.injections.empty());
  EXPECT_GE(write.injections[0].write.offset, ref::kPageSize) << write.notes.at(0);
  const SeqlockPrediction prediction = PredictSeqlock(write, timens->bytes, f.policy);
  EXPECT_EQ(prediction.model.path, ref::ReaderPath::kHresTimens) << ref::Describe(prediction.model);
  EXPECT_EQ(prediction.model.stats.seq_retries, 1u) << ref::Describe(prediction.model);
}

TEST(SeqlockCompare, ACorrectImageAgrees) {
  Fixture f(Generation::kLinux7_2);
  for (const SeqlockScenario& scenario :
       BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3)) {
    const SeqlockPrediction prediction = PredictSeqlock(scenario, f.state().bytes, f.policy);
    EXPECT_EQ(CompareSeqlock(prediction, ObservationOf(prediction)), "")
        << scenario.name << " clock " << scenario.clock_id;
  }
}

// The "seq retry removed" mutant: one counter read, and the answer from the first counter and
// the old data.
TEST(SeqlockCompare, AnImageThatDoesNotRetryFails) {
  Fixture f(Generation::kLinux7_2);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  const SeqlockScenario& write = Find(scenarios, ref::kClockMonotonic, "write-1");
  const SeqlockPrediction prediction = PredictSeqlock(write, f.state().bytes, f.policy);
  SeqlockScenario no_injection = write;
  no_injection.injections.clear();
  const SeqlockPrediction no_retry = PredictSeqlock(no_injection, f.state().bytes, f.policy);
  const std::string diff = CompareSeqlock(prediction, ObservationOf(no_retry));
  EXPECT_NE(diff, "") << "a missing retry must be caught";
  EXPECT_NE(TsSec(no_retry.expected.buffers[0]), TsSec(prediction.expected.buffers[0]));
}

// An image that reads the clock data before its counter read sees the old data in torn-1.
TEST(SeqlockCompare, AnImageReadingTheDataBeforeTheCounterFails) {
  Fixture f(Generation::kLinux6_1);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  const SeqlockScenario& torn = Find(scenarios, ref::kClockRealtime, "torn-1");
  const SeqlockPrediction prediction = PredictSeqlock(torn, f.state().bytes, f.policy);
  EXPECT_EQ(prediction.expected.counter_reads, 1u) << ref::Describe(prediction.model);
  SeqlockScenario early = torn;
  early.injections.clear();  // the old data, the same single counter read
  const std::string diff =
      CompareSeqlock(prediction, ObservationOf(PredictSeqlock(early, f.state().bytes, f.policy)));
  EXPECT_NE(diff, "") << "the early read must be caught";
}

TEST(SeqlockCompare, AWrongPauseCountFails) {
  Fixture f(Generation::kLinux7_2);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  const SeqlockPrediction prediction =
      PredictSeqlock(Find(scenarios, ref::kClockTai, "spin-2"), f.state().bytes, f.policy);
  CallResult observed = ObservationOf(prediction);
  observed.pauses = 1;
  const std::string diff = CompareSeqlock(prediction, observed);
  EXPECT_NE(diff.find("pauses: image 1, model 2"), std::string::npos) << diff;
}

TEST(SeqlockCompare, AHangWhereTheModelFinishesFails) {
  Fixture f(Generation::kLinux6_12);
  const auto scenarios = BuildSeqlockScenarios(*f.layout, f.state().state, f.policy, 3);
  const SeqlockPrediction prediction =
      PredictSeqlock(Find(scenarios, ref::kClockBoottime, "odd-1"), f.state().bytes, f.policy);
  CallResult observed;
  observed.outcome = protocol::Outcome::kHang;
  EXPECT_NE(CompareSeqlock(prediction, observed), "");
}

TEST(WriteField, RefusesAMemberThatIsNoField) {
  Fixture f(Generation::kLinux6_1);
  ref::VvarState state = f.state().state;
  // 6.1 has no rng page.
  EXPECT_THROW(WriteField(*f.layout, state, &state.rng.generation, 1), std::invalid_argument);
  std::string name;
  const VvarWrite write = WriteField(*f.layout, state, &state.time.clock[1].seq, 0x1234, &name);
  EXPECT_EQ(name, "vdso_data[1].seq");
  EXPECT_EQ(write.bytes, (std::vector<std::uint8_t>{0x34, 0x12, 0, 0}));
}

}  // namespace
}  // namespace vdsoconf::riscv::check
