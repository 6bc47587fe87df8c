// RunCheckedSweep: the executor compares every run with the expected answer itself and returns
// only the runs that differ. Each compared field has a test where a wrong expectation in one run
// is reported as exactly that run, with its full result; faults and hangs are mismatches and the
// sweep goes on; the expected answers here come from the reference model (clock_reader.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <sstream>

#include "executor_fixture.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::riscv {
namespace {

class CheckedSweepTest : public ExecutorTest {
 protected:
  // The model's answer for every run of `ramp`: return value, counter reads, no ecalls, ts.
  static ExpectedAnswers ModelAnswers(const CallRequest& call, const Vvar72& vvar, int clock_id,
                                      CounterRamp ramp, std::uint32_t runs) {
    ExpectedAnswers expected(call);
    for (std::uint32_t i = 0; i < runs; ++i) {
      const ref::ClockResult model = ref::ClockGettime(vvar.state, clock_id, ramp.At(i));
      EXPECT_EQ(model.outcome, ref::Outcome::kReturned) << "run " << i;
      expected.Add(0, TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec), 0,
                   model.stats.counter_reads);
    }
    return expected;
  }
  static std::vector<std::uint8_t> TimespecBytes(std::int64_t sec, std::int64_t nsec) {
    std::vector<std::uint8_t> bytes(16);
    std::memcpy(bytes.data(), &sec, 8);
    std::memcpy(bytes.data() + 8, &nsec, 8);
    return bytes;
  }
  static std::string Describe(const CheckedSweepResult& result) { return DescribeSweep(result); }

  static constexpr CounterRamp kRamp{kCycleLast, 7919};
};

TEST_P(CheckedSweepTest, EveryRunMatchesTheModel) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const ExpectedAnswers expected = ModelAnswers(call, vvar, kClockMonotonic, kRamp, 3000);
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  EXPECT_EQ(result.runs, 3000u);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

TEST_P(CheckedSweepTest, TheModelAndTheKernelFormulaAgreeOnTheRamp) {
  // The model's answers are not simply echoed back: they equal the independent formula.
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0; i < 200; ++i) {
    const Timespec ts =
        KernelFormula(kRamp.At(i), kCycleLast, ~0ull, kMult, kShift, kBaseSec, kBaseNsecShifted);
    expected.Add(0, TimespecBytes(ts.sec, ts.nsec), 0, 1);
  }
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

// One wrong expectation per compared field, each in its own run; each is reported as exactly
// that run, with what the run really did.
TEST_P(CheckedSweepTest, EachWrongFieldIsReportedAsItsRun) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const ExpectedAnswers right = ModelAnswers(call, vvar, kClockMonotonic, kRamp, 100);
  constexpr std::uint32_t kWrongReturn = 3, kWrongByte = 40, kWrongLastByte = 41, kWrongEcalls = 77,
                          kWrongReads = 99;
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0; i < 100; ++i) {
    const ref::ClockResult model = ref::ClockGettime(vvar.state, kClockMonotonic, kRamp.At(i));
    auto ts = TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec);
    if (i == kWrongByte) ts[0] ^= 1;
    if (i == kWrongLastByte) ts[15] ^= 0x80;
    expected.Add(i == kWrongReturn ? 1 : 0, ts, i == kWrongEcalls ? 1 : 0,
                 i == kWrongReads ? 2 : 1);
  }
  ASSERT_TRUE(executor_->RunCheckedSweep(call, kRamp, right).passed());
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  ASSERT_EQ(result.mismatches.size(), 5u) << Describe(result);
  const std::uint32_t runs[] = {kWrongReturn, kWrongByte, kWrongLastByte, kWrongEcalls,
                                kWrongReads};
  for (std::size_t k = 0; k < 5; ++k) {
    const SweepMismatch& m = result.mismatches[k];
    EXPECT_EQ(m.run, runs[k]) << Describe(result);
    EXPECT_EQ(m.counter, kRamp.At(runs[k])) << Describe(result);
    ASSERT_EQ(m.actual.outcome, Outcome::kReturned) << Describe(result);
    EXPECT_EQ(m.actual.return_value, 0u) << Describe(result);
    EXPECT_EQ(m.actual.counter_reads, 1u) << Describe(result);
    const ref::ClockResult model =
        ref::ClockGettime(vvar.state, kClockMonotonic, kRamp.At(runs[k]));
    ASSERT_EQ(m.actual.buffers.size(), 1u) << Describe(result);
    EXPECT_EQ(m.actual.buffers[0], TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec))
        << "the mismatch carries the run's real output: " << Describe(result);
  }
}

// Longer than one request (checked_sweep.cc sends 4096 runs per request, several in flight):
// run numbers, counters and the vvar state carry across request boundaries.
TEST_P(CheckedSweepTest, LongSweepKeepsRunNumbersAcrossRequests) {
  Vvar72 vvar = StandardVvar();
  vvar.SetBasetime(Vvar72::kCsHres, kClockMonotonic, kBaseSec + 7, kBaseNsecShifted);
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);  // a new baseline, sent once
  constexpr std::uint32_t kRuns = 10000;
  const std::uint32_t wrong[] = {5, 4095, 4096, 8193, kRuns - 1};
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0, w = 0; i < kRuns; ++i) {
    const ref::ClockResult model = ref::ClockGettime(vvar.state, kClockMonotonic, kRamp.At(i));
    const bool is_wrong = w < std::size(wrong) && wrong[w] == i;
    w += is_wrong ? 1 : 0;
    expected.Add(is_wrong ? 7 : 0, TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec), 0, 1);
  }
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  EXPECT_EQ(result.runs, kRuns);
  ASSERT_EQ(result.mismatches.size(), std::size(wrong)) << Describe(result);
  for (std::size_t k = 0; k < std::size(wrong); ++k) {
    const SweepMismatch& m = result.mismatches[k];
    EXPECT_EQ(m.run, wrong[k]) << Describe(result);
    EXPECT_EQ(m.counter, kRamp.At(wrong[k])) << Describe(result);
    const Timespec ts = KernelFormula(kRamp.At(wrong[k]), kCycleLast, ~0ull, kMult, kShift,
                                      kBaseSec + 7, kBaseNsecShifted);
    ASSERT_EQ(m.actual.buffers.size(), 1u) << Describe(result);
    EXPECT_EQ(m.actual.buffers[0], TimespecBytes(ts.sec, ts.nsec))
        << "run " << m.run
        << " must read its own counter and the new baseline: " << Describe(result);
  }
}

// A buffer that is not a whole number of words takes the executor's byte-wise comparison; the
// bytes past the timespec must keep the fill pattern.
TEST_P(CheckedSweepTest, OddSizedBufferIsComparedByteForByte) {
  const Vvar72 vvar = StandardVvar();
  CallRequest call = ClockGettime(kClockMonotonic, vvar);
  call.args[1] = Arg::OutputBuffer(19);
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0; i < 6; ++i) {
    const ref::ClockResult model = ref::ClockGettime(vvar.state, kClockMonotonic, kRamp.At(i));
    auto bytes = TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec);
    bytes.resize(19, protocol::kBufferFill);
    if (i == 4) bytes[18] = 0;  // claims the vDSO wrote past the timespec
    expected.Add(0, bytes, 0, 1);
  }
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  ASSERT_EQ(result.mismatches.size(), 1u) << Describe(result);
  EXPECT_EQ(result.mismatches[0].run, 4u) << Describe(result);
  ASSERT_EQ(result.mismatches[0].actual.buffers.size(), 1u) << Describe(result);
  EXPECT_EQ(result.mismatches[0].actual.buffers[0][18], protocol::kBufferFill) << Describe(result);
}

TEST_P(CheckedSweepTest, CounterReadsLeftOpenAreNotCompared) {
  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0; i < 10; ++i) {
    const ref::ClockResult model = ref::ClockGettime(vvar.state, kClockMonotonic, kRamp.At(i));
    expected.Add(0, TimespecBytes(model.ts.tv_sec, model.ts.tv_nsec));  // reads: any
  }
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

// The fallback path: one ecall, the syscall's return value, the buffer untouched.
TEST_P(CheckedSweepTest, SyscallFallbackIsCheckedByEcallCountAndUntouchedBuffer) {
  const Vvar72 vvar = StandardVvar();
  CallRequest call = ClockGettime(kClockProcessCputimeId, vvar);
  call.syscall_return = -22;
  const std::vector<std::uint8_t> untouched(16, protocol::kBufferFill);
  const auto returned = static_cast<std::uint64_t>(std::int64_t{-22});
  ExpectedAnswers fallback(call), no_ecall(call);
  for (int i = 0; i < 8; ++i) {
    fallback.Add(returned, untouched, 1, 0);
    no_ecall.Add(returned, untouched, 0, 0);
  }
  const CheckedSweepResult good = executor_->RunCheckedSweep(call, kRamp, fallback);
  EXPECT_TRUE(good.passed()) << Describe(good);
  const CheckedSweepResult bad = executor_->RunCheckedSweep(call, kRamp, no_ecall);
  ASSERT_EQ(bad.mismatches.size(), 8u) << Describe(bad);
  EXPECT_EQ(bad.mismatches[0].actual.ecalls.size(), 1u) << Describe(bad);
  EXPECT_EQ(bad.mismatches[0].actual.ecalls[0].number, kNrClockGettime) << Describe(bad);
}

// Counter reads with an injection take the trampoline (no fast path); they must still read the
// ramp's value of their own run, on the first read and on the retry.
TEST_P(CheckedSweepTest, InjectedRetryReadsTheRampOnEveryRead) {
  const Vvar72 vvar = StandardVvar();
  CallRequest call = ClockGettime(kClockMonotonic, vvar);
  call.injections = {
      {Trigger::kCounterRead, 1, {Vvar72::SeqOffset(0), testing::LittleEndian32(0x30b)}},
      {Trigger::kPause, 1, {Vvar72::SeqOffset(0), testing::LittleEndian32(0x30c)}}};
  ExpectedAnswers expected(call);
  for (std::uint32_t i = 0; i < 20; ++i) {
    const Timespec ts =
        KernelFormula(kRamp.At(i), kCycleLast, ~0ull, kMult, kShift, kBaseSec, kBaseNsecShifted);
    expected.Add(0, TimespecBytes(ts.sec, ts.nsec), 0, 2);
  }
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, kRamp, expected);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

TEST_P(CheckedSweepTest, TheRampWrapsModuloTwoToTheSixtyFour) {
  Vvar72 vvar = StandardVvar();
  vvar.clock(0).cycle_last = ~0ull - 5000;
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const CounterRamp ramp{~0ull - 4000, 1000};  // crosses 2^64 at run 5
  const ExpectedAnswers expected = ModelAnswers(call, vvar, kClockMonotonic, ramp, 10);
  const CheckedSweepResult result = executor_->RunCheckedSweep(call, ramp, expected);
  EXPECT_TRUE(result.passed()) << Describe(result);
}

TEST_P(CheckedSweepTest, FaultsAndHangsAreMismatchesAndTheSweepGoesOn) {
  CallRequest wild = ClockGettime(kClockMonotonic, StandardVvar());
  wild.args[1] = Arg::Value(0x10);  // every run stores to an unmapped page
  ExpectedAnswers nothing(wild);
  for (int i = 0; i < 4; ++i) nothing.Add(0, {});
  const CheckedSweepResult faults = executor_->RunCheckedSweep(wild, kRamp, nothing);
  ASSERT_EQ(faults.mismatches.size(), 4u) << Describe(faults);
  for (std::uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(faults.mismatches[i].run, i) << Describe(faults);
    EXPECT_EQ(faults.mismatches[i].actual.outcome, Outcome::kFault) << Describe(faults);
  }

  Vvar72 stuck = StandardVvar();
  stuck.clock(0).seq = 0x30b;
  CallRequest spin = ClockGettime(kClockMonotonic, stuck);
  spin.watchdog = std::chrono::milliseconds(30);
  ExpectedAnswers any(spin);
  for (int i = 0; i < 2; ++i) any.Add(0, std::vector<std::uint8_t>(16, 0));
  const CheckedSweepResult hangs = executor_->RunCheckedSweep(spin, kRamp, any);
  ASSERT_EQ(hangs.mismatches.size(), 2u) << Describe(hangs);
  EXPECT_EQ(hangs.mismatches[1].actual.outcome, Outcome::kHang) << Describe(hangs);

  const Vvar72 vvar = StandardVvar();
  const CallRequest call = ClockGettime(kClockMonotonic, vvar);
  const CheckedSweepResult after =
      executor_->RunCheckedSweep(call, kRamp, ModelAnswers(call, vvar, kClockMonotonic, kRamp, 50));
  EXPECT_TRUE(after.passed()) << Describe(after);
  EXPECT_EQ(executor_->restarts(), 0);
}

TEST_P(CheckedSweepTest, AnswersOfTheWrongShapeAreAnInfraError) {
  const CallRequest call = ClockGettime(kClockMonotonic, StandardVvar());
  ExpectedAnswers expected(call);
  EXPECT_THROW(expected.Add(0, std::vector<std::uint8_t>(15)), InfraError);
  CallRequest bigger = call;
  bigger.args[1] = Arg::OutputBuffer(24);
  expected.Add(0, std::vector<std::uint8_t>(16));
  EXPECT_THROW(executor_->RunCheckedSweep(bigger, kRamp, expected), InfraError);
}

INSTANTIATE_TEST_SUITE_P(DebianImages, CheckedSweepTest, ::testing::Values(false, true), ImageName);

}  // namespace
}  // namespace vdsoconf::riscv
