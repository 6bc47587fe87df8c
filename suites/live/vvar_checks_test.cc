// Each vvar check on the real observation (passes) and on the same observation with one value
// made wrong (fails), so no check can pass whatever it is given.
#include "vdsoconf/live/vvar_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "check_matchers.h"
#include "golden_run.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

reports::CheckResult Basetime(const VvarDump& dump, const std::vector<ref::DecodedVvar>& decoded,
                              const std::string& name) {
  for (reports::CheckResult& result : CheckBasetimes(dump, decoded)) {
    if (result.id == "vvar.basetime." + name) return result;
  }
  ADD_FAILURE() << "no check vvar.basetime." << name;
  return {};
}

ref::VdsoClock& Hres(std::vector<ref::DecodedVvar>& decoded, std::size_t snapshot) {
  return decoded[snapshot].state.time.clock[ref::kCsHresCoarse];
}

TEST(CheckSeqEven, PassesOnTheRealSamples) {
  EXPECT_TRUE(HasStatus(CheckSeqEven(GoldenDump()), CheckStatus::kPass));
}

TEST(CheckSeqEven, FailsWhenTheSeqStaysOdd) {
  VvarDump dump = GoldenDump();
  for (SeqSample& sample : dump.seq_samples) sample.seq = 0x30b;
  EXPECT_TRUE(FailsWithReproducer(CheckSeqEven(dump)));
}

TEST(CheckSeqEven, FailsWhenTheLastSampleIsOdd) {
  VvarDump dump = GoldenDump();
  dump.seq_samples.back().seq |= 1;
  EXPECT_TRUE(FailsWithReproducer(CheckSeqEven(dump)));
}

TEST(CheckSeqEven, AllowsOneOddSampleDuringAnUpdate) {
  VvarDump dump = GoldenDump();
  ASSERT_GE(dump.seq_samples.size(), 3u);
  dump.seq_samples[0].seq = 100;
  dump.seq_samples[1].seq = 101;
  dump.seq_samples[2].seq = 102;
  EXPECT_TRUE(HasStatus(CheckSeqEven(dump), CheckStatus::kPass));
}

TEST(CheckCycleLastNotAhead, FailsWhenCycleLastIsAheadOfTheCounter) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  EXPECT_TRUE(HasStatus(CheckCycleLastNotAhead(dump, decoded), CheckStatus::kPass));
  Hres(decoded, 1).cycle_last = dump.snapshots[1].copy_counter_after + 1;
  EXPECT_TRUE(FailsWithReproducer(CheckCycleLastNotAhead(dump, decoded)));
}

TEST(CheckCycleLastNotAhead, ChecksTheRawBaseToo) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  decoded[0].state.time.clock[ref::kCsRaw].cycle_last = ~std::uint64_t{0};
  EXPECT_TRUE(FailsWithReproducer(CheckCycleLastNotAhead(dump, decoded)));
}

TEST(CheckBasetimes, AllPassOnTheRealKernelWithSmallMargins) {
  const VvarDump dump = GoldenDump();
  const auto decoded = GoldenDecoded();
  const auto results = CheckBasetimes(dump, decoded);
  ASSERT_EQ(results.size(), 7u);
  for (const reports::CheckResult& result : results) {
    EXPECT_TRUE(HasStatus(result, CheckStatus::kPass));
    EXPECT_LE(result.evidence["worst_deviation_ns"].get<std::int64_t>(), 100) << Show(result);
  }
}

TEST(CheckBasetimes, FailsWhenRealtimeIsOneSecondOff) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  for (std::size_t i = 0; i < decoded.size(); ++i)
    Hres(decoded, i).basetime[ref::kClockRealtime].sec += 1;
  const reports::CheckResult result = Basetime(dump, decoded, "realtime");
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_TRUE(HasStatus(Basetime(dump, decoded, "monotonic"), CheckStatus::kPass));
}

// The check resolves what lies outside the syscall's counter bracket (the syscall's own duration,
// ~10-20 us under TCG) plus the tolerance; an error just beyond that must fail.
TEST(CheckBasetimes, FailsJustBeyondTheBracketPlusTolerance) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  std::int64_t widest_bracket_ns = 0;
  for (const reports::CheckResult& result : CheckBasetimes(dump, decoded)) {
    for (const nlohmann::json& sample : result.evidence["samples"]) {
      if (sample.contains("model_low_ns")) {
        widest_bracket_ns =
            std::max(widest_bracket_ns, sample["model_high_ns"].get<std::int64_t>() -
                                            sample["model_low_ns"].get<std::int64_t>());
      }
    }
  }
  ASSERT_GT(widest_bracket_ns, 0);
  const auto offset = static_cast<std::uint64_t>(widest_bracket_ns + 2 * kBasetimeToleranceNs);
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    ref::VdsoClock& clock = Hres(decoded, i);
    clock.basetime[ref::kClockMonotonic].nsec += offset << clock.shift;
  }
  EXPECT_TRUE(FailsWithReproducer(Basetime(dump, decoded, "monotonic")))
      << "offset " << offset << " ns";
}

TEST(CheckBasetimes, FailsWhenTheRawBasetimeIsOneTickStale) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  // 4 ms: one tick at HZ=250, what a missed update would leave.
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    ref::VdsoClock& raw = decoded[i].state.time.clock[ref::kCsRaw];
    raw.basetime[ref::kClockMonotonicRaw].nsec -= std::uint64_t{4000000} << raw.shift;
  }
  EXPECT_TRUE(FailsWithReproducer(Basetime(dump, decoded, "monotonic_raw")));
}

TEST(CheckBasetimes, CoarseFailsOneNanosecondOutsideTheBracket) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    const ClockSample* after =
        VvarSnapshot::Find(dump.snapshots[i].after, ref::kClockRealtimeCoarse);
    ASSERT_NE(after, nullptr);
    ref::VdsoTimestamp& coarse = Hres(decoded, i).basetime[ref::kClockRealtimeCoarse];
    coarse.sec = static_cast<std::uint64_t>(after->sec);
    coarse.nsec = static_cast<std::uint64_t>(after->nsec) + 1;
  }
  EXPECT_TRUE(FailsWithReproducer(Basetime(dump, decoded, "realtime_coarse")));
}

TEST(CheckBasetimes, SkipsHighResolutionWhenClockModeIsNone) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  for (std::size_t i = 0; i < decoded.size(); ++i)
    Hres(decoded, i).clock_mode = ref::kClockModeNone;
  EXPECT_TRUE(HasStatus(Basetime(dump, decoded, "realtime"), CheckStatus::kSkip));
  EXPECT_TRUE(HasStatus(Basetime(dump, decoded, "realtime_coarse"), CheckStatus::kPass));
}

TEST(CheckBasetimes, ErrorsWithoutAQuietSnapshot) {
  VvarDump dump = GoldenDump();
  const auto decoded = GoldenDecoded();
  for (VvarSnapshot& snapshot : dump.snapshots)
    snapshot.copy_seq_after = snapshot.copy_seq_before + 2;
  EXPECT_TRUE(HasStatus(Basetime(dump, decoded, "tai"), CheckStatus::kError));
}

TEST(CheckHrtimerRes, FailsWhenTheVvarDisagreesWithClockGetres) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  EXPECT_TRUE(HasStatus(CheckHrtimerRes(dump, decoded), CheckStatus::kPass));
  decoded.front().state.time.tail[ref::kCsHresCoarse].hrtimer_res = 4000000;
  EXPECT_TRUE(FailsWithReproducer(CheckHrtimerRes(dump, decoded)));
}

TEST(CheckVvarPlausible, FailsOnAShiftOf64) {
  auto decoded = GoldenDecoded();
  EXPECT_TRUE(HasStatus(CheckVvarPlausible(decoded), CheckStatus::kPass));
  Hres(decoded, 0).shift = 64;
  EXPECT_TRUE(FailsWithReproducer(CheckVvarPlausible(decoded)));
}

TEST(CheckVvarPlausible, FailsOnNonZeroPadding) {
  VvarDump dump = GoldenDump();
  dump.snapshots[0].bytes[4095] = 0x5a;  // end of the time page: no field there
  const auto decoded = DecodeSnapshots(dump, {ref::Generation::kLinux7_2, false});
  EXPECT_TRUE(FailsWithReproducer(CheckVvarPlausible(decoded)));
}

TEST(DecodeSnapshots, RejectsTheWrongPageCountForTheGeneration) {
  const VvarDump dump = GoldenDump();
  const ref::LayoutVariant two_pages{ref::Generation::kLinux6_12, false};
  EXPECT_THROW(DecodeSnapshots(dump, two_pages), ProbeDataError);
}

}  // namespace
}  // namespace vdsoconf::live::testing
