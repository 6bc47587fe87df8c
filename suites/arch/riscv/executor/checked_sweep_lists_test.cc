// RunCheckedSweep's forms for check-image: counters given as a list, the vvar changed per run by
// a patch, the fallback's ecall compared in the guest, and several sweeps in one request
// (RunCheckedSweeps). Each comparison has a test where a wrong expectation is reported as exactly
// the runs it concerns; the expected answers come from the reference model (clock_reader.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <sstream>

#include "executor_fixture.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::riscv {
namespace {

class CheckedSweepListsTest : public ExecutorTest {
 protected:
  static std::vector<std::uint8_t> TimespecBytes(const ref::ClockResult& model) {
    std::vector<std::uint8_t> bytes(16);
    std::memcpy(bytes.data(), &model.ts.tv_sec, 8);
    std::memcpy(bytes.data() + 8, &model.ts.tv_nsec, 8);
    return bytes;
  }
  // The model's answer on `state` at `counter`, added to `expected`.
  static void AddModel(ExpectedAnswers& expected, const ref::VvarState& state, int clock_id,
                       std::uint64_t counter) {
    const ref::ClockResult model = ref::ClockGettime(state, clock_id, counter);
    ASSERT_EQ(model.outcome, ref::Outcome::kReturned) << "counter " << counter;
    expected.Add(0, TimespecBytes(model), 0, model.stats.counter_reads);
  }
  static std::string Describe(const CheckedSweepResult& result) { return DescribeSweep(result); }
  // Irregular counters: deltas a ramp cannot make (as a state's chosen counters are).
  static std::vector<std::uint64_t> IrregularCounters() {
    return {kCycleLast,
            kCycleLast + 1,
            kCycleLast + 999'983,
            kCycleLast + 7,
            kCycleLast + (1ull << 33),
            kCycleLast + 12'345,
            kCycleLast + 3};
  }
  // PROCESS_CPUTIME_ID falls back to clock_gettime(2, &ts): the ecall every run makes.
  static ExpectedEcall FallbackEcall() {
    ExpectedEcall ecall;
    ecall.number = kNrClockGettime;
    ecall.kinds[0] = protocol::EcallArgKind::kExact;
    ecall.values[0] = kClockProcessCputimeId;
    ecall.kinds[1] = protocol::EcallArgKind::kNonNull;
    return ecall;
  }
};

TEST_P(CheckedSweepListsTest, EachRunReadsItsListedCounter) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const std::vector<std::uint64_t> counters = IrregularCounters();
  ExpectedAnswers right(call), wrong(call);
  for (std::size_t i = 0; i < counters.size(); ++i) {
    AddModel(right, vvar.state, kClockMonotonic, counters[i]);
    // Run 4's answer is the one of run 3's counter: only a run that reads its own listed
    // counter tells them apart.
    AddModel(wrong, vvar.state, kClockMonotonic, i == 4 ? counters[3] : counters[i]);
  }
  const CheckedSweepResult passed = executor_->RunCheckedSweep(call, counters, right);
  EXPECT_TRUE(passed.passed()) << Describe(passed);
  const CheckedSweepResult failed = executor_->RunCheckedSweep(call, counters, wrong);
  ASSERT_EQ(failed.mismatches.size(), 1u) << Describe(failed);
  EXPECT_EQ(failed.mismatches[0].run, 4u) << Describe(failed);
  EXPECT_EQ(failed.mismatches[0].counter, counters[4]) << Describe(failed);
}

TEST_P(CheckedSweepListsTest, TheFallbacksEcallIsComparedNumberAndArguments) {
  const Vvar72 vvar = StandardVvar();
  CallRequest call = ClockGettime(kClockProcessCputimeId, vvar);
  call.syscall_return = -22;
  const std::vector<std::uint8_t> untouched(16, protocol::kBufferFill);
  const auto returned = static_cast<std::uint64_t>(std::int64_t{-22});
  const auto sweep = [&](const ExpectedEcall& ecall) {
    ExpectedAnswers expected(call);
    for (int i = 0; i < 5; ++i) expected.Add(returned, untouched, 1, 0);
    expected.ExpectEcall(ecall);
    return executor_->RunCheckedSweep(call, CounterRamp{kCycleLast, 1}, expected);
  };
  const CheckedSweepResult right = sweep(FallbackEcall());
  EXPECT_TRUE(right.passed()) << Describe(right);

  ExpectedEcall number = FallbackEcall();
  number.number = kNrClockGettime + 1;
  ExpectedEcall clock_id = FallbackEcall();
  clock_id.values[0] = kClockMonotonic;
  ExpectedEcall null_buffer = FallbackEcall();
  null_buffer.kinds[1] = protocol::EcallArgKind::kNull;
  ExpectedEcall exact_a2 = FallbackEcall();
  exact_a2.kinds[2] = protocol::EcallArgKind::kExact;
  exact_a2.values[2] = 0x5eed;  // a2 is whatever the vDSO left there: not this
  for (const auto& [name, ecall] : {std::pair{"number", number}, std::pair{"a0", clock_id},
                                    std::pair{"a1 NULL", null_buffer}, std::pair{"a2", exact_a2}}) {
    const CheckedSweepResult wrong = sweep(ecall);
    ASSERT_EQ(wrong.mismatches.size(), 5u) << name << ": " << Describe(wrong);
    ASSERT_EQ(wrong.mismatches[0].actual.ecalls.size(), 1u) << name << ": " << Describe(wrong);
    EXPECT_EQ(wrong.mismatches[0].actual.ecalls[0].number, kNrClockGettime) << Describe(wrong);
  }
}

TEST_P(CheckedSweepListsTest, AFastPathRunIsNotComparedWithTheExpectedEcall) {
  // The expected ecall applies to runs that make one; a fast-path run agrees on its own record.
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  ExpectedAnswers expected(call);
  for (std::uint64_t i = 0; i < 4; ++i)
    AddModel(expected, vvar.state, kClockMonotonic, kCycleLast + i);
  expected.ExpectEcall(FallbackEcall());
  const CheckedSweepResult result =
      executor_->RunCheckedSweep(call, CounterRamp{kCycleLast, 1}, expected);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

TEST_P(CheckedSweepListsTest, EachRunSeesItsOwnPatchAndTheBaselineComesBack) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const std::uint32_t sec = Vvar72::BasetimeSecOffset(Vvar72::kCsHres, kClockMonotonic);
  Vvar72 flipped = vvar;  // basetime sec's low byte xor 0xff
  flipped.SetBasetime(Vvar72::kCsHres, kClockMonotonic, kBaseSec ^ 0xff, kBaseNsecShifted);
  Vvar72 zeroed = vvar;  // its low byte set to 0
  zeroed.SetBasetime(Vvar72::kCsHres, kClockMonotonic, kBaseSec & ~0xffull, kBaseNsecShifted);
  const std::vector<protocol::VvarPatch> patches = {
      {sec, 1, 0xff, 0xff}, {0, 0, 0xff, 0}, {sec, 1, 0, 0}, {0, 0, 0xff, 0}};
  const CounterRamp ramp{kCycleLast + 100, 0};
  ExpectedAnswers right(call);
  AddModel(right, flipped.state, kClockMonotonic, ramp.base);
  AddModel(right, vvar.state, kClockMonotonic, ramp.base);
  AddModel(right, zeroed.state, kClockMonotonic, ramp.base);
  AddModel(right, vvar.state, kClockMonotonic, ramp.base);
  const CheckedSweepResult passed = executor_->RunCheckedSweep(call, ramp, patches, right);
  EXPECT_TRUE(passed.passed()) << Describe(passed);

  // Expecting the unpatched answer everywhere: exactly the patched runs differ.
  ExpectedAnswers unpatched(call);
  for (int i = 0; i < 4; ++i) AddModel(unpatched, vvar.state, kClockMonotonic, ramp.base);
  const CheckedSweepResult failed = executor_->RunCheckedSweep(call, ramp, patches, unpatched);
  ASSERT_EQ(failed.mismatches.size(), 2u) << Describe(failed);
  EXPECT_EQ(failed.mismatches[0].run, 0u) << Describe(failed);
  EXPECT_EQ(failed.mismatches[1].run, 2u) << Describe(failed);
  ASSERT_EQ(failed.mismatches[0].actual.buffers.size(), 1u) << Describe(failed);
  EXPECT_EQ(failed.mismatches[0].actual.buffers[0],
            TimespecBytes(ref::ClockGettime(flipped.state, kClockMonotonic, ramp.base)))
      << Describe(failed);
}

TEST_P(CheckedSweepListsTest, SeveralSweepsInOneRequestKeepTheirOrderAndStates) {
  const Vvar72 first = StandardVvar();
  Vvar72 second = StandardVvar();
  second.SetBasetime(Vvar72::kCsHres, kClockMonotonic, kBaseSec + 86'400, kBaseNsecShifted);
  const CallRequest on_first = ClockGettime(kClockMonotonic, first);
  const CallRequest on_second = ClockGettime(kClockMonotonic, second);
  CallRequest still_second = on_second;  // no vvar: the baseline persists from the sweep before
  still_second.vvar_full.reset();
  const std::vector<std::uint64_t> counters = IrregularCounters();
  const CounterRamp ramp{kCycleLast, 977};
  ExpectedAnswers a(on_first), b(on_second), c(still_second);
  for (const std::uint64_t counter : counters) AddModel(a, first.state, kClockMonotonic, counter);
  for (std::uint64_t i = 0; i < 10; ++i) AddModel(b, second.state, kClockMonotonic, ramp.At(i));
  for (std::uint64_t i = 0; i < 6; ++i) {
    // Run 5 expects the first state's answer: only it may differ.
    AddModel(c, i == 5 ? first.state : second.state, kClockMonotonic, ramp.At(i));
  }
  std::vector<CheckedSweepRequest> sweeps(3);
  sweeps[0].call = &on_first;
  sweeps[0].expected = &a;
  sweeps[0].counters = counters;
  sweeps[1].call = &on_second;
  sweeps[1].expected = &b;
  sweeps[1].ramp = ramp;
  sweeps[2].call = &still_second;
  sweeps[2].expected = &c;
  sweeps[2].ramp = ramp;
  const std::vector<CheckedSweepResult> results = executor_->RunCheckedSweeps(sweeps);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].passed()) << Describe(results[0]);
  EXPECT_TRUE(results[1].passed()) << Describe(results[1]);
  ASSERT_EQ(results[2].mismatches.size(), 1u) << Describe(results[2]);
  EXPECT_EQ(results[2].mismatches[0].run, 5u) << Describe(results[2]);
  EXPECT_EQ(results[2].mismatches[0].counter, ramp.At(5)) << Describe(results[2]);
  EXPECT_EQ(executor_->restarts(), 0);
}

TEST_P(CheckedSweepListsTest, ListsOfTheWrongLengthAndPatchesOutsideTheVvarAreInfraErrors) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  ExpectedAnswers expected(call);
  for (int i = 0; i < 3; ++i) AddModel(expected, vvar.state, kClockMonotonic, kCycleLast);
  const std::vector<std::uint64_t> two_counters = {kCycleLast, kCycleLast};
  EXPECT_THROW(executor_->RunCheckedSweep(call, two_counters, expected), InfraError);
  const std::uint32_t end = static_cast<std::uint32_t>(vvar.bytes().size());
  const std::vector<protocol::VvarPatch> outside = {
      {0, 1, 0xff, 0xff}, {end - 1, 2, 0xff, 0xff}, {0, 0, 0xff, 0}};
  EXPECT_THROW(executor_->RunCheckedSweep(call, CounterRamp{kCycleLast, 1}, outside, expected),
               InfraError);
  // The executor is still fine.
  const CheckedSweepResult after =
      executor_->RunCheckedSweep(call, CounterRamp{kCycleLast, 0}, expected);
  EXPECT_TRUE(after.passed()) << Describe(after);
}

// A stuck odd seq with a spin limit ends at the limit's pause, long before a long watchdog, in
// Run and in a checked sweep alike; without the limit the same call runs into the watchdog.
TEST_P(CheckedSweepListsTest, ASpinLimitEndsAStuckReaderAtItsPause) {
  Vvar72 stuck = StandardVvar();
  stuck.clock(0).seq = 0x30b;
  CallRequest call = ClockGettime(kClockMonotonic, stuck);
  call.watchdog = std::chrono::milliseconds(2000);
  call.spin_pauses = 50;
  const auto start = std::chrono::steady_clock::now();
  const CallResult result = executor_->Run(call);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.outcome, Outcome::kHang) << result.Describe();
  EXPECT_EQ(result.pauses, 51u) << result.Describe();
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";

  call.vvar_full.reset();  // the stuck state is the baseline now
  ExpectedAnswers any(call);
  for (int i = 0; i < 3; ++i) any.Add(0, std::vector<std::uint8_t>(16, 0));
  const auto sweep_start = std::chrono::steady_clock::now();
  const CheckedSweepResult spins = executor_->RunCheckedSweep(call, CounterRamp{0, 1}, any);
  const auto sweep_elapsed = std::chrono::steady_clock::now() - sweep_start;
  ASSERT_EQ(spins.mismatches.size(), 3u) << Describe(spins);
  for (const SweepMismatch& m : spins.mismatches) {
    EXPECT_EQ(m.actual.outcome, Outcome::kHang) << Describe(spins);
    EXPECT_EQ(m.actual.pauses, 51u) << Describe(spins);
  }
  EXPECT_LT(sweep_elapsed, std::chrono::milliseconds(2000))
      << std::chrono::duration_cast<std::chrono::milliseconds>(sweep_elapsed).count() << " ms";

  // Without a limit the watchdog ends it, after many more pauses.
  call.spin_pauses = 0;
  call.watchdog = std::chrono::milliseconds(30);
  const CallResult unlimited = executor_->Run(call);
  EXPECT_EQ(unlimited.outcome, Outcome::kHang) << unlimited.Describe();
  EXPECT_GT(unlimited.pauses, 51u) << unlimited.Describe();
  EXPECT_EQ(executor_->restarts(), 0);
}

INSTANTIATE_TEST_SUITE_P(DebianImages, CheckedSweepListsTest, ::testing::Values(false, true),
                         ImageName);

}  // namespace
}  // namespace vdsoconf::riscv
