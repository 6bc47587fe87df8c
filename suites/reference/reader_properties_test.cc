// Properties of the reader on arbitrary (fuzzer-like) vvar states with an idle writer: it always
// terminates within its read budget, is deterministic, never retries (seq cannot change under a
// StaticSource), reads the counter at most once, and stores a value iff it returns. Run under
// UBSan/ASan to check that no input reaches undefined behaviour in the model.
#include <gtest/gtest.h>

#include <random>

#include "clock_vectors.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::ref {
namespace {

template <typename T, std::size_t N>
T Pick(std::mt19937_64& rng, const T (&values)[N]) {
  return values[rng() % N];
}

// Edge values mixed with random ones so that every branch of the reader is reached.
VdsoClock RandomClock(std::mt19937_64& rng) {
  static constexpr std::uint32_t kSeqs[] = {0, 1, 2, 0x30a, 0x30b, 0xffffffffu};
  // 1 and 2: the first architecture modes (RISC-V has 1, x86 1 to 3).
  static constexpr std::int32_t kModes[] = {kClockModeNone, 1, 2, kClockModeTimens, -1};
  static constexpr std::uint64_t kMasks[] = {~0ull, 0xffffffffull, 0, 1};
  VdsoClock c;
  c.seq = rng() % 3 ? Pick(rng, kSeqs) : static_cast<std::uint32_t>(rng());
  c.clock_mode = rng() % 4 ? Pick(rng, kModes) : static_cast<std::int32_t>(rng());
  c.cycle_last = rng();
  c.max_cycles = rng() % 2 ? rng() : rng() % 100;
  c.mask = rng() % 3 ? Pick(rng, kMasks) : rng();
  c.mult = static_cast<std::uint32_t>(rng());
  c.shift = static_cast<std::uint32_t>(rng() % 3 ? rng() % 40 : rng());
  for (VdsoTimestamp& t : c.basetime) t = {rng(), rng() % 2 ? rng() : rng() % 2'000'000'000};
  return c;
}

VdsoTimePage RandomPage(std::mt19937_64& rng) {
  VdsoTimePage page;
  for (VdsoClock& c : page.clock) c = RandomClock(rng);
  for (VdsoClock& c : page.aux_clock) c = RandomClock(rng);
  for (VdsoTimeTail& t : page.tail) {
    t = {static_cast<std::int32_t>(rng()), static_cast<std::int32_t>(rng()),
         static_cast<std::uint32_t>(rng()), 0};
  }
  return page;
}

template <typename Result>
::testing::AssertionResult Sane(const Result& r, const ReaderPolicy& policy, bool written) {
  if (r.stats.reads > policy.max_reads) return ::testing::AssertionFailure() << "over budget";
  if (r.stats.seq_retries != 0) return ::testing::AssertionFailure() << "retry on idle writer";
  if (r.stats.counter_reads > 1) return ::testing::AssertionFailure() << "counter read twice";
  if (written != (r.outcome == Outcome::kReturned)) {
    return ::testing::AssertionFailure() << "stored a value without returning, or vice versa";
  }
  if ((r.outcome == Outcome::kFallback) != (r.syscall != Syscall::kNone)) {
    return ::testing::AssertionFailure() << "syscall set without a fallback, or vice versa";
  }
  return ::testing::AssertionSuccess();
}

TEST(ReaderProperties, ArbitraryStatesTerminateDeterministically) {
  std::mt19937_64 rng(20261125);
  for (int round = 0; round < 1500; ++round) {
    const LayoutVariant layout = testing::kLayouts[static_cast<std::size_t>(round) % 5];
    VvarState state;
    state.layout = layout;
    state.time = RandomPage(rng);
    state.timens = RandomPage(rng);
    ReaderPolicy policy = ReaderPolicy::For(layout);
    policy.max_reads = 64;
    policy.time_namespaces = rng() % 4 != 0;
    policy.posix_aux_clocks = rng() % 4 != 0;
    StaticSource source(state, rng());
    for (int id = -3; id <= 31; ++id) {
      const ClockResult got = ClockGettime(source, id, policy);
      ASSERT_TRUE(Sane(got, policy, got.ts_written))
          << "round " << round << " id " << id << ": " << Describe(got);
      ASSERT_EQ(got, ClockGettime(source, id, policy)) << "round " << round << " id " << id;
      const ClockResult res = ClockGetres(source, id, true, policy);
      ASSERT_TRUE(Sane(res, policy, res.ts_written))
          << "round " << round << " id " << id << ": " << Describe(res);
      ASSERT_EQ(res.stats.counter_reads, 0u) << Describe(res);
    }
    const GettimeofdayResult tod = Gettimeofday(source, true, true, policy);
    ASSERT_TRUE(Sane(tod, policy, tod.tv_written)) << "round " << round << ": " << Describe(tod);
  }
}

}  // namespace
}  // namespace vdsoconf::ref
