// The overflow horizon on the QEMU virt clock (mult 0x64000000 = 100 << 24, shift 24), derived by
// hand: 2^64 = 2^40 << 24 and 2^40 = 1099511627776, so 2^64 / mult = 2^40 / 100 =
// 10995116277.76 cycles (1099.5 s at 10 MHz).
#include "vdsoconf/reference/overflow.h"

#include <gtest/gtest.h>

#include "clock_vectors.h"

namespace vdsoconf::ref {
namespace {

using testing::kCycleLast;
using testing::kMult;
using testing::kShift;
using testing::Shifted;

VdsoClock QemuClock(std::uint64_t max_cycles) {
  VdsoClock clock;
  clock.cycle_last = kCycleLast;
  clock.mask = ~0ull;
  clock.mult = kMult;
  clock.shift = kShift;
  clock.max_cycles = max_cycles;
  return clock;
}

TEST(OverflowHorizon, QemuVirtWithZeroBase) {
  // ceil(10995116277.76) = 10995116278. At delta - 1: (10995116277 * 100) = 1099511627700 ns.
  const OverflowHorizon h = ComputeOverflowHorizon(kMult, kShift, 0, ~0ull);
  EXPECT_TRUE(h.reachable);
  EXPECT_EQ(h.first_wrapping_delta, 10'995'116'278u);
  EXPECT_EQ(h.last_exact_delta, 10'995'116'277u);
  EXPECT_EQ(h.last_exact_ns, 1'099'511'627'700u);
}

TEST(OverflowHorizon, BaseShortensTheHorizon) {
  // base = 999999999 << 24 + 2^23 is 9999999.995 cycles' worth: 10995116277.76 - 9999999.995 =
  // 10985116277.765 -> first wrapping delta 10985116278. At delta - 1:
  // 10985116277 * 100 + 999999999 = 1098511627700 + 999999999 = 1099511627699 ns (< 2^40 ns).
  const OverflowHorizon h = ComputeOverflowHorizon(kMult, kShift, Shifted(999'999'999), ~0ull);
  EXPECT_EQ(h.first_wrapping_delta, 10'985'116'278u);
  EXPECT_EQ(h.last_exact_ns, 1'099'511'627'699u);
}

TEST(OverflowHorizon, NarrowMaskOrZeroMultNeverWraps) {
  // 32-bit mask: at most (2^32 - 1) * mult + base < 2^32 * 2^31 < 2^64.
  // last_exact_ns = (2^32 - 1) * 100 = 429496729500.
  const OverflowHorizon narrow = ComputeOverflowHorizon(kMult, kShift, 0, 0xFFFFFFFF);
  EXPECT_FALSE(narrow.reachable);
  EXPECT_EQ(narrow.last_exact_delta, 0xFFFFFFFFu);
  EXPECT_EQ(narrow.last_exact_ns, 429'496'729'500u);
  EXPECT_FALSE(ComputeOverflowHorizon(0, kShift, Shifted(5), ~0ull).reachable);
  // mult 0xFFFFFFFF with the full mask wraps after ceil(2^64 / (2^32 - 1)) = 2^32 + 2 cycles:
  // (2^32 + 1) * (2^32 - 1) = 2^64 - 1 still fits.
  EXPECT_EQ(ComputeOverflowHorizon(0xFFFFFFFF, 0, 0, ~0ull).first_wrapping_delta, (1ull << 32) + 2);
}

TEST(OverflowReadout, PastTheHorizonOnlyProtectionIsRight) {
  // delta = 10985116278 with base 999999999 << 24 + 2^23:
  //   exact: 10985116278 * 100 + 999999999 = 1099511627799 ns (the 2^23 fraction drops)
  //   64-bit: the sum is 1099511627799 << 24 + 2^23 - 2^64 = (1099511627799 - 1099511627776)
  //           << 24 + 2^23 = 23 << 24 + 2^23 -> 23 ns: 18 minutes of time lost.
  //   protected with the kernel's max_cycles 9905510160 (below): 128-bit, exact.
  const std::uint64_t base = Shifted(999'999'999);
  const OverflowReadout r = ReadAtDelta(QemuClock(9'905'510'160), base, 10'985'116'278);
  EXPECT_EQ(r.exact_ns, 1'099'511'627'799u);
  EXPECT_EQ(r.unprotected_ns, 23u);
  EXPECT_EQ(r.protected_ns, 1'099'511'627'799u);
  EXPECT_TRUE(r.protected_used_128bit);
  // One cycle earlier everything agrees: 1099511627699 ns.
  const OverflowReadout before = ReadAtDelta(QemuClock(9'905'510'160), base, 10'985'116'277);
  EXPECT_EQ(before.unprotected_ns, 1'099'511'627'699u);
  EXPECT_EQ(before.protected_ns, 1'099'511'627'699u);
  EXPECT_TRUE(before.protected_used_128bit) << "delta >= max_cycles takes the slow path";
}

TEST(OverflowReadout, MaxCyclesBeyondTheHorizonDoesNotProtect) {
  // A bogus max_cycles (all ones) keeps the 64-bit path: the same 23 ns as unprotected.
  const OverflowReadout r = ReadAtDelta(QemuClock(~0ull), Shifted(999'999'999), 10'985'116'278);
  EXPECT_FALSE(r.protected_used_128bit);
  EXPECT_EQ(r.protected_ns, 23u);
}

TEST(ClocksourceMaxCycles, QemuVirtTimer) {
  // maxadj = 1677721600 * 11 / 100 = 184549376; mult + maxadj = 1862270976;
  // (2^64 - 1) / 1862270976 = 9905510160 (990.55 s), below the 10985116278-cycle horizon.
  EXPECT_EQ(ClocksourceMaxCycles(kMult, ~0ull), 9'905'510'160u);
  EXPECT_EQ(ClocksourceMaxCycles(kMult, 0xFFFFFFFF), 0xFFFFFFFFu);  // capped at the mask
  EXPECT_LT(
      ClocksourceMaxCycles(kMult, ~0ull),
      ComputeOverflowHorizon(kMult, kShift, Shifted(999'999'999), ~0ull).first_wrapping_delta);
}

}  // namespace
}  // namespace vdsoconf::ref
