// The sweep form of a prediction (expected_call.h: AddExpected, EcallOf, AddPrediction): the
// record the executor compares holds what CompareCall compares, and the fallback's syscall
// arguments keep their kinds. No QEMU: the records are read back byte by byte.
#include <gtest/gtest.h>

#include <cstring>

#include "vdsoconf/riscv/check/expected_call.h"

namespace vdsoconf::riscv::check {
namespace {

struct RecordHead {
  std::uint64_t return_value;
  std::uint32_t ecalls;
  std::uint32_t counter_reads;
};

RecordHead HeadOf(const ExpectedAnswers& answers, std::size_t run) {
  RecordHead head{};
  const std::size_t size = protocol::kExpectedHeadBytes + answers.buffer_bytes();
  std::memcpy(&head, answers.records().data() + run * size, sizeof head);
  return head;
}

CallRequest ClockShape() {
  CallRequest call;
  call.args = {Arg::Value(2), Arg::OutputBuffer(16)};
  return call;
}

ExpectedCall Fallback() {
  ExpectedCall expected;
  expected.path = ExpectedCall::Path::kFallback;
  expected.return_value = static_cast<std::uint64_t>(kSyscallSentinel);
  expected.syscall = 113;
  expected.syscall_args = {ExpectedArg::Exact(2), ExpectedArg::Pointer(true),
                           ExpectedArg::Pointer(false)};
  expected.buffers = {UntouchedBuffer(16)};
  expected.counter_reads = 0;
  return expected;
}

TEST(SweepRecord, PathReturnValueReadsAndBytesAreInTheRecord) {
  ExpectedAnswers answers(ClockShape());
  ExpectedCall fast;
  fast.return_value = 0;
  fast.buffers = {std::vector<std::uint8_t>(16, 7)};
  fast.counter_reads = 1;
  AddExpected(fast, answers);
  AddExpected(Fallback(), answers);
  ExpectedCall hang;
  hang.path = ExpectedCall::Path::kHang;
  hang.buffers = {UntouchedBuffer(16)};
  AddExpected(hang, answers);
  ASSERT_EQ(answers.size(), 3u);
  const RecordHead f = HeadOf(answers, 0), b = HeadOf(answers, 1), h = HeadOf(answers, 2);
  EXPECT_EQ(f.ecalls, 0u);
  EXPECT_EQ(f.counter_reads, 1u);
  EXPECT_EQ(answers.records()[protocol::kExpectedHeadBytes], 7u);
  EXPECT_EQ(b.ecalls, 1u) << "a fallback is one ecall";
  EXPECT_EQ(b.return_value, static_cast<std::uint64_t>(kSyscallSentinel));
  EXPECT_EQ(h.ecalls, 0xffffffffu) << "a predicted hang matches no run, so the host judges it";
  EXPECT_EQ(h.counter_reads, protocol::kAnyCount);
}

TEST(SweepRecord, AFallbacksEcallKeepsNumberAndArgumentKinds) {
  const std::optional<ExpectedEcall> ecall = EcallOf(Fallback());
  ASSERT_TRUE(ecall);
  EXPECT_EQ(ecall->number, 113u);
  EXPECT_EQ(ecall->kinds[0], protocol::EcallArgKind::kExact);
  EXPECT_EQ(ecall->values[0], 2u);
  EXPECT_EQ(ecall->kinds[1], protocol::EcallArgKind::kNonNull);
  EXPECT_EQ(ecall->kinds[2], protocol::EcallArgKind::kNull);
  EXPECT_EQ(ecall->kinds[3], protocol::EcallArgKind::kAny);
  ExpectedCall fast = Fallback();
  fast.path = ExpectedCall::Path::kFastPath;
  EXPECT_FALSE(EcallOf(fast)) << "only a fallback expects an ecall";
}

TEST(SweepRecord, ASecondDifferentSyscallInOneSweepIsRefused) {
  ExpectedAnswers answers(ClockShape());
  ExpectedCall first = Fallback();
  EXPECT_TRUE(AddPrediction(&first, answers));
  EXPECT_TRUE(AddPrediction(&first, answers)) << "the same syscall again is fine";
  EXPECT_TRUE(AddPrediction(nullptr, answers)) << "outside the model: an unmatchable record";
  ExpectedCall other = Fallback();
  other.syscall_args[0] = ExpectedArg::Exact(3);
  EXPECT_FALSE(AddPrediction(&other, answers));
  ASSERT_TRUE(answers.ecall());
  EXPECT_EQ(answers.ecall()->values[0], 2u) << "the first expectation stays";
  EXPECT_EQ(HeadOf(answers, 2).ecalls, 0xffffffffu);
}

}  // namespace
}  // namespace vdsoconf::riscv::check
