// The differential fuzzer's comparisons (fuzz/differential/.../compare.h), each shown agreeing on
// the image result the model predicts and failing on one made-up image result that breaks it.
#include <gtest/gtest.h>

#include "vdsoconf/fuzz/differential/compare.h"

namespace vdsoconf::fuzz {
namespace {

using CallResult = targets::EntryCallResult;
using Outcome = targets::CallOutcome;
constexpr std::int64_t kSyscallReturn = -1234;

ref::ClockResult ModelReturned(std::int64_t sec, std::int64_t nsec) {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kReturned;
  model.path = ref::ReaderPath::kHres;
  model.ts_written = true;
  model.ts = {sec, nsec};
  model.stats.counter_reads = 1;
  return model;
}

ref::ClockResult ModelFallback() {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kFallback;
  model.fallback = ref::FallbackReason::kVdsoClockModeNone;
  model.syscall = ref::Syscall::kClockGettime;
  return model;
}

std::vector<std::uint8_t> Le(std::initializer_list<std::uint64_t> words) {
  std::vector<std::uint8_t> bytes;
  for (std::uint64_t w : words) {
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(w >> (8 * i)));
  }
  return bytes;
}

CallResult ImageReturned(std::int64_t sec, std::int64_t nsec) {
  CallResult image;
  image.counter_reads = 1;
  image.buffers = {Le({static_cast<std::uint64_t>(sec), static_cast<std::uint64_t>(nsec)})};
  return image;
}

CallResult ImageFallback(std::uint64_t nr, std::uint64_t a0) {
  CallResult image;
  image.return_value = static_cast<std::uint64_t>(kSyscallReturn);
  image.syscalls = {{nr, {a0, 0x1000, 0, 0, 0, 0}, ""}};
  image.buffers = {std::vector<std::uint8_t>(16, targets::kOutputBufferFill)};
  return image;
}

std::string Show(const std::optional<Disagreement>& d) {
  return d ? d->kind + ": " + d->what + ": " + d->details : "agreement";
}

std::optional<Disagreement> Gettime(const ref::ClockResult& model, const CallResult& image,
                                    std::int32_t clock_id = 1) {
  return CompareClockCall(ClockEntry::kClockGettime, clock_id, true, model, image, kSyscallReturn);
}

TEST(CompareClockCall, AgreesOnTheSameAnswer) {
  const auto d = Gettime(ModelReturned(5, 7), ImageReturned(5, 7));
  EXPECT_FALSE(d) << Show(d);
}

TEST(CompareClockCall, DifferentNanosecondsAreAValueDivergence) {
  const auto d = Gettime(ModelReturned(5, 7), ImageReturned(5, 8));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, "divergence");
  EXPECT_EQ(d->what, "clock_gettime/hres: value") << Show(d);
  EXPECT_NE(d->details.find("0800000000000000"), std::string::npos) << d->details;
}

TEST(CompareClockCall, ASyscallWhereTheModelAnswersDiverges) {
  CallResult image = ImageReturned(5, 7);
  image.syscalls = {{113, {}, ""}};
  const auto d = Gettime(ModelReturned(5, 7), image);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/hres: syscall-instead-of-answer") << Show(d);
}

TEST(CompareClockCall, ANonZeroReturnDiverges) {
  CallResult image = ImageReturned(5, 7);
  image.return_value = 1;
  const auto d = Gettime(ModelReturned(5, 7), image);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/hres: return-value") << Show(d);
}

TEST(CompareClockCall, ExtraCounterReadsDiverge) {
  CallResult image = ImageReturned(5, 7);
  image.counter_reads = 2;
  const auto d = Gettime(ModelReturned(5, 7), image);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/hres: counter-reads") << Show(d);
}

TEST(CompareClockCall, AFaultNeverAgrees) {
  CallResult image;
  image.outcome = Outcome::kFault;
  image.description = "fault SIGSEGV";
  const auto d = Gettime(ModelReturned(5, 7), image);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/hres: fault") << Show(d);
}

TEST(CompareClockCall, AHangAgreesOnlyWithASlowDivision) {
  CallResult image;
  image.outcome = Outcome::kHang;
  ref::ClockResult model = ModelReturned(5, 7);
  auto d = Gettime(model, image);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/hres: hang") << Show(d);
  model.stats.division_iterations = kSlowDivisionIterations;
  d = Gettime(model, image);
  EXPECT_FALSE(d) << Show(d);
}

TEST(CompareClockCall, FallbackAgreesWithTheSyscallAndItsResult) {
  const auto d = Gettime(ModelFallback(), ImageFallback(113, 1));
  EXPECT_FALSE(d) << Show(d);
}

TEST(CompareClockCall, FallbackWithTheWrongSyscallNumberDiverges) {
  const auto d = Gettime(ModelFallback(), ImageFallback(114, 1));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/fallback-clock-mode-none: syscall-number") << Show(d);
}

TEST(CompareClockCall, FallbackWithAnotherClockIdDiverges) {
  const auto d = Gettime(ModelFallback(), ImageFallback(113, 0));
  ASSERT_TRUE(d);
  EXPECT_NE(d->what.find("syscall-arguments"), std::string::npos) << Show(d);
}

TEST(CompareClockCall, FallbackComparesTheClockIdAs32Bits) {
  // -1 sign-extended by the caller or not: the vDSO passes an int through.
  auto d = Gettime(ModelFallback(), ImageFallback(113, 0xffffffffu), -1);
  EXPECT_FALSE(d) << Show(d);
  d = Gettime(ModelFallback(), ImageFallback(113, ~std::uint64_t{0}), -1);
  EXPECT_FALSE(d) << Show(d);
}

TEST(CompareClockCall, FallbackThatDropsTheKernelsResultDiverges) {
  CallResult image = ImageFallback(113, 1);
  image.return_value = 0;
  const auto d = Gettime(ModelFallback(), image);
  ASSERT_TRUE(d);
  EXPECT_NE(d->what.find("syscall-return-dropped"), std::string::npos) << Show(d);
}

TEST(CompareClockCall, FallbackThatAlsoStoresDiverges) {
  CallResult image = ImageFallback(113, 1);
  image.buffers[0][3] = 0;
  const auto d = Gettime(ModelFallback(), image);
  ASSERT_TRUE(d);
  EXPECT_NE(d->what.find("stored-on-fallback"), std::string::npos) << Show(d);
}

TEST(CompareClockCall, FallbackWithTwoSyscallsDiverges) {
  CallResult image = ImageFallback(113, 1);
  image.syscalls.push_back(image.syscalls.front());
  const auto d = Gettime(ModelFallback(), image);
  ASSERT_TRUE(d);
  EXPECT_NE(d->what.find("no-single-syscall"), std::string::npos) << Show(d);
}

TEST(CompareClockCall, ASpinAgreesOnlyWithAHang) {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kWouldSpin;
  model.spin = ref::SpinKind::kOddSeq;
  CallResult hang;
  hang.outcome = Outcome::kHang;
  auto d = Gettime(model, hang);
  EXPECT_FALSE(d) << Show(d);
  d = Gettime(model, ImageReturned(5, 7));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_gettime/spin-odd-seq: returned-instead-of-spin") << Show(d);
}

TEST(CompareClockCall, OutsideTheModelNothingIsCompared) {
  ref::ClockResult model;
  model.outcome = ref::Outcome::kOutsideModel;
  CallResult image;
  image.outcome = Outcome::kFault;
  const auto d = Gettime(model, image);
  EXPECT_FALSE(d) << Show(d);
}

TEST(CompareClockCall, GetresWithoutABufferComparesNoBytes) {
  ref::ClockResult model = ModelReturned(0, 4000000);
  model.path = ref::ReaderPath::kResCoarse;
  model.ts_written = false;
  model.stats.counter_reads = 0;
  CallResult image;
  auto d = CompareClockCall(ClockEntry::kClockGetres, 5, false, model, image, kSyscallReturn);
  EXPECT_FALSE(d) << Show(d);
  image.buffers = {Le({0, 1})};  // the executor returned a buffer nobody asked for
  d = CompareClockCall(ClockEntry::kClockGetres, 5, false, model, image, kSyscallReturn);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "clock_getres/res-coarse: buffer-count") << Show(d);
}

TEST(CompareGettimeofday, TimezoneBytesAreCompared) {
  ref::GettimeofdayResult model;
  model.path = ref::ReaderPath::kHres;
  model.tv_written = model.tz_written = true;
  model.tv = {10, 20};
  model.tz = {-60, 1};
  model.stats.counter_reads = 1;
  CallResult image;
  image.counter_reads = 1;
  image.buffers = {Le({10, 20}), {0xc4, 0xff, 0xff, 0xff, 1, 0, 0, 0}};
  auto d = CompareGettimeofday(true, true, model, image, kSyscallReturn);
  EXPECT_FALSE(d) << Show(d);
  image.buffers[1][4] = 0;
  d = CompareGettimeofday(true, true, model, image, kSyscallReturn);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "gettimeofday/hres: value") << Show(d);
}

}  // namespace
}  // namespace vdsoconf::fuzz
