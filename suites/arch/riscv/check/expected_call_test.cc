// CompareCall and the model-to-prediction conversions on synthetic CallResults (no QEMU): the
// observation a correct image makes agrees, and every kind of wrong observation is named with
// both values.
#include "vdsoconf/riscv/check/expected_call.h"

#include <gtest/gtest.h>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/vvar_states.h"
#include "vdsoconf/riscv/executor/protocol.h"

namespace vdsoconf::riscv::check {
namespace {

// What an image that does exactly what `expected` says reports through the executor.
CallResult ObservationFor(const ExpectedCall& expected) {
  CallResult result;
  if (expected.path == ExpectedCall::Path::kHang) {
    result.outcome = protocol::Outcome::kHang;
    return result;
  }
  result.return_value = expected.return_value;
  result.counter_reads = expected.counter_reads.value_or(0);
  result.buffers = expected.buffers;
  if (expected.path == ExpectedCall::Path::kFallback) {
    CaughtEcall ecall;
    ecall.number = expected.syscall;
    for (std::size_t i = 0; i < expected.syscall_args.size(); ++i) {
      const ExpectedArg& arg = expected.syscall_args[i];
      ecall.args[i] = arg.kind == ExpectedArg::Kind::kExact  ? arg.value
                      : arg.kind == ExpectedArg::Kind::kNull ? 0
                                                             : 0x7fff'0000'1000;
    }
    result.ecalls.push_back(ecall);
  }
  return result;
}

const GeneratedState& DayUp(const StateSet& set) {
  return set.Representative();
}

ExpectedCall MonotonicPrediction(const StateSet& set) {
  const GeneratedState& state = DayUp(set);
  const ref::ClockResult model =
      ref::ClockGettime(state.state, ref::kClockMonotonic, state.counters.front());
  auto expected = ExpectClockCall(model, ref::kClockMonotonic, true);
  EXPECT_TRUE(expected.has_value()) << ref::Describe(model);
  return expected.value_or(ExpectedCall{});
}

ExpectedCall FallbackPrediction() {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kFallback;
  model.syscall = ref::Syscall::kClockGettime;
  model.fallback = ref::FallbackReason::kClockIdNotInVdso;
  return *ExpectClockCall(model, ref::kClockProcessCputimeId, true);
}

class CompareCallTest : public ::testing::Test {
 protected:
  StateSet set_ = GenerateStates(ref::ReaderPolicy::For({ref::Generation::kLinux7_2, false}));
};

TEST_F(CompareCallTest, AgreesWithTheObservationItPredicts) {
  const ExpectedCall fast = MonotonicPrediction(set_);
  EXPECT_EQ(fast.path, ExpectedCall::Path::kFastPath);
  EXPECT_EQ(CompareCall(ObservationFor(fast), fast), "") << DescribeExpected(fast).dump();
  const ExpectedCall fallback = FallbackPrediction();
  EXPECT_EQ(CompareCall(ObservationFor(fallback), fallback), "")
      << DescribeExpected(fallback).dump();
}

TEST_F(CompareCallTest, NamesAWrongNanosecondWithBothValues) {
  const ExpectedCall expected = MonotonicPrediction(set_);
  CallResult observed = ObservationFor(expected);
  observed.buffers[0][8] ^= 1;
  const std::string difference = CompareCall(observed, expected);
  EXPECT_NE(difference.find("bytes 8..15"), std::string::npos) << difference;
  EXPECT_NE(difference.find("image"), std::string::npos) << difference;
  EXPECT_NE(difference.find("model"), std::string::npos) << difference;
}

TEST_F(CompareCallTest, FailsAFallbackWhereTheModelAnswers) {
  const ExpectedCall expected = MonotonicPrediction(set_);
  CallResult observed = ObservationFor(expected);
  observed.ecalls.push_back({113, {1, 0x1000}});
  const std::string difference = CompareCall(observed, expected);
  EXPECT_NE(difference.find("path: image syscall fallback (ecall 113), model fast path"),
            std::string::npos)
      << difference;
}

TEST_F(CompareCallTest, FailsAFastPathWhereTheModelFallsBack) {
  const ExpectedCall expected = FallbackPrediction();
  CallResult observed = ObservationFor(expected);
  observed.ecalls.clear();
  EXPECT_NE(CompareCall(observed, expected).find("model syscall fallback (syscall 113)"),
            std::string::npos)
      << CompareCall(observed, expected);
}

TEST_F(CompareCallTest, FailsAWrongSyscallNumberOrArgument) {
  const ExpectedCall expected = FallbackPrediction();
  CallResult wrong_number = ObservationFor(expected);
  wrong_number.ecalls[0].number = 114;
  EXPECT_EQ(CompareCall(wrong_number, expected), "syscall number: image 114, model 113");
  CallResult wrong_clock = ObservationFor(expected);
  wrong_clock.ecalls[0].args[0] = 3;
  EXPECT_EQ(CompareCall(wrong_clock, expected), "syscall 113 a0: image 0x3, model 0x2");
  CallResult null_buffer = ObservationFor(expected);
  null_buffer.ecalls[0].args[1] = 0;
  EXPECT_EQ(CompareCall(null_buffer, expected),
            "syscall 113 a1: image 0x0, model a non-NULL pointer");
}

TEST_F(CompareCallTest, FailsAFallbackThatWritesTheBufferOrChangesTheReturn) {
  const ExpectedCall expected = FallbackPrediction();
  CallResult wrote = ObservationFor(expected);
  wrote.buffers[0][0] = 0;
  EXPECT_NE(CompareCall(wrote, expected).find("buffer 0 bytes 0..7"), std::string::npos)
      << CompareCall(wrote, expected);
  CallResult returned = ObservationFor(expected);
  returned.return_value = 0;
  EXPECT_EQ(CompareCall(returned, expected),
            "return value: image 0, model " + std::to_string(kSyscallSentinel));
}

TEST_F(CompareCallTest, FailsAnExtraCounterRead) {
  const ExpectedCall expected = MonotonicPrediction(set_);
  CallResult observed = ObservationFor(expected);
  observed.counter_reads += 1;
  EXPECT_EQ(CompareCall(observed, expected), "counter reads: image 2, model 1");
}

TEST_F(CompareCallTest, FailsFaultsAndHangs) {
  const ExpectedCall expected = MonotonicPrediction(set_);
  CallResult fault = ObservationFor(expected);
  fault.outcome = protocol::Outcome::kFault;
  fault.signal = 11;
  EXPECT_NE(CompareCall(fault, expected).find("path: image fault"), std::string::npos)
      << CompareCall(fault, expected);
  CallResult hang = ObservationFor(expected);
  hang.outcome = protocol::Outcome::kHang;
  EXPECT_NE(CompareCall(hang, expected).find("path: image hang"), std::string::npos)
      << CompareCall(hang, expected);
  ExpectedCall spins = expected;
  spins.path = ExpectedCall::Path::kHang;
  EXPECT_EQ(CompareCall(hang, spins), "");
  EXPECT_NE(CompareCall(ObservationFor(expected), spins), "");
}

TEST(ExpectClockCall, WritesTheTimespecLittleEndian) {
  ref::ClockResult model;
  model.ts_written = true;
  model.ts = {0x0102030405060708, 999'999'999};
  model.stats.counter_reads = 1;
  const ExpectedCall expected = *ExpectClockCall(model, 1, true);
  ASSERT_EQ(expected.buffers.size(), 1u);
  const std::vector<std::uint8_t> want = {8,    7,    6,    5,    4, 3, 2, 1,
                                          0xff, 0xc9, 0x9a, 0x3b, 0, 0, 0, 0};
  EXPECT_EQ(expected.buffers[0], want);
  EXPECT_EQ(expected.counter_reads, 1u);
}

TEST(ExpectClockCall, PassesANegativeClockIdSignExtended) {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kFallback;
  model.syscall = ref::Syscall::kClockGettime;
  const ExpectedCall expected = *ExpectClockCall(model, -3, false);
  ASSERT_EQ(expected.syscall_args.size(), 2u);
  EXPECT_EQ(expected.syscall_args[0].value, 0xffff'ffff'ffff'fffdull);
  EXPECT_EQ(expected.syscall_args[1].kind, ExpectedArg::Kind::kNull);
  EXPECT_TRUE(expected.buffers.empty());
}

TEST(ExpectClockCall, HasNoPredictionOutsideTheModel) {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kOutsideModel;
  EXPECT_FALSE(ExpectClockCall(model, 16, true).has_value());
}

TEST(ExpectGettimeofday, PutsTzAfterTvAndLeavesNullArgumentsOut) {
  ref::GettimeofdayResult model;
  model.tv_written = model.tz_written = true;
  model.tv = {5, 999'999};
  model.tz = {-60, 1};
  const ExpectedCall both = *ExpectGettimeofday(model, true, true);
  ASSERT_EQ(both.buffers.size(), 2u);
  EXPECT_EQ(both.buffers[1], (std::vector<std::uint8_t>{0xc4, 0xff, 0xff, 0xff, 1, 0, 0, 0}));
  const ExpectedCall tz_only = *ExpectGettimeofday(model, false, true);
  ASSERT_EQ(tz_only.buffers.size(), 1u);
  EXPECT_EQ(tz_only.buffers[0], both.buffers[1]);
}

}  // namespace
}  // namespace vdsoconf::riscv::check
