// Hand-derived vectors for the reference reader (clock_reader.h). The state is the QEMU virt
// state of clock_vectors.h; every expected number is derived in a comment next to it.
#include "vdsoconf/reference/clock_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "clock_vectors.h"

namespace vdsoconf::ref {
namespace {

using testing::kCounter;
using testing::kCycleLast;
using testing::kHalf;
using testing::kLayouts;
using testing::kShift;
using testing::QemuVirtState;

// What clock_gettime must do for one id.
struct Expect {
  Outcome outcome;
  ReaderPath path;
  FallbackReason fallback;
  KernelTimespec ts;
};

::testing::AssertionResult Matches(const ClockResult& got, const Expect& want) {
  const bool ts_ok = want.outcome != Outcome::kReturned || (got.ts_written && got.ts == want.ts);
  if (got.outcome == want.outcome && got.path == want.path && got.fallback == want.fallback &&
      ts_ok) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got " << Describe(got) << "; want " << OutcomeName(want.outcome)
         << " path=" << ReaderPathName(want.path) << " reason=" << FallbackReasonName(want.fallback)
         << " ts={" << want.ts.tv_sec << "," << want.ts.tv_nsec << "}";
}

// Expected clock_gettime results on QemuVirtState() read at kCounter (delta = 10'000'001 cycles,
// i.e. + 1'000'000'100 ns for every counter-based clock; the 2^23 fraction of the bases is
// dropped by >> 24):
//   REALTIME   250000000 + 1000000100 = 1250000100 ns -> {1764000000 + 1, 250000100}
//   MONOTONIC  123456789 + 1000000100 = 1123456889 ns -> {100 + 1, 123456889}
//   BOOTTIME   999999999 + 1000000100 = 2000000099 ns -> {105 + 2, 99}
//   TAI        as REALTIME, 37 s later                -> {1764000038, 250000100}
//   RAW        987654321 + 1000000100 = 1987654421 ns -> {99 + 1, 987654421}
//   coarse ids copy basetime: {1764000000, 249000000} and {100, 122000000}
//   AUX 16     5 + 1000000100 = 1000000105 ns         -> {500 + 1, 105} (7.2 only)
Expect ExpectedFor(Generation generation, int id, bool aux_built = true) {
  const Expect not_in_vdso{
      Outcome::kFallback, ReaderPath::kNone, FallbackReason::kClockIdNotInVdso, {}};
  const Expect out_of_range{
      Outcome::kFallback, ReaderPath::kNone, FallbackReason::kClockIdOutOfRange, {}};
  const auto hres = [](std::int64_t sec, std::int64_t nsec) {
    return Expect{Outcome::kReturned, ReaderPath::kHres, FallbackReason::kNone, {sec, nsec}};
  };
  const auto coarse = [](std::int64_t sec, std::int64_t nsec) {
    return Expect{Outcome::kReturned, ReaderPath::kCoarse, FallbackReason::kNone, {sec, nsec}};
  };
  switch (id) {
    case 0:
      return hres(1'764'000'001, 250'000'100);
    case 1:
      return hres(101, 123'456'889);
    case 2:  // CLOCK_PROCESS_CPUTIME_ID: needs the task's runtime, only the kernel has it
    case 3:  // CLOCK_THREAD_CPUTIME_ID
      return not_in_vdso;
    case 4:
      return hres(100, 987'654'421);
    case 5:
      return coarse(1'764'000'000, 249'000'000);
    case 6:
      return coarse(100, 122'000'000);
    case 7:
      return hres(107, 99);
    case 8:   // REALTIME_ALARM: no basetime of its own
    case 9:   // BOOTTIME_ALARM
    case 10:  // SGI_CYCLE: unused
      return not_in_vdso;
    case 11:
      return hres(1'764'000'038, 250'000'100);
    default:
      break;
  }
  if (id >= 12 && id <= 15) return not_in_vdso;  // below MAX_CLOCKS but in no VDSO_* mask
  if (generation == Generation::kLinux7_2 && id >= kClockAux && id <= kClockAuxLast) {
    if (!aux_built) {
      // Without CONFIG_POSIX_AUX_CLOCKS do_aux() returns false at once.
      return Expect{Outcome::kFallback, ReaderPath::kAux, FallbackReason::kAuxClocksNotBuilt, {}};
    }
    if (id == kClockAux) {
      return Expect{Outcome::kReturned, ReaderPath::kAux, FallbackReason::kNone, {501, 105}};
    }
    // aux_clock[1..7].clock_mode is NONE: "Auxclock disabled?" -> syscall.
    return Expect{Outcome::kFallback, ReaderPath::kAux, FallbackReason::kAuxClockDisabled, {}};
  }
  // Negative ids are >= 2^31 as u32; 16..31 are >= MAX_CLOCKS (6.x) or > CLOCK_AUX_LAST (7.2 for
  // 24..31).
  return out_of_range;
}

// The policy of a vDSO built with CONFIG_POSIX_AUX_CLOCKS (ignored before 7.2).
ReaderPolicy WithAux(LayoutVariant layout) {
  ReaderPolicy policy = ReaderPolicy::For(layout);
  policy.posix_aux_clocks = true;
  return policy;
}

TEST(ClockGettime, EveryClockIdOfEveryGeneration) {
  for (LayoutVariant layout : kLayouts) {
    const VvarState state = QemuVirtState(layout);
    StaticSource source(state, kCounter);
    for (int id = -3; id <= 31; ++id) {
      // Default policy: aux clocks not built.
      EXPECT_TRUE(
          Matches(ClockGettime(state, id, kCounter), ExpectedFor(layout.generation, id, false)))
          << LayoutVariantName(layout) << " clock " << id;
      const ClockResult got = ClockGettime(source, id, WithAux(layout));
      EXPECT_TRUE(Matches(got, ExpectedFor(layout.generation, id)))
          << LayoutVariantName(layout) << "+aux clock " << id;
      if (got.outcome == Outcome::kFallback) {
        EXPECT_EQ(got.syscall, Syscall::kClockGettime) << Describe(got);
        EXPECT_EQ(got.stats.counter_reads, 0u) << Describe(got);
      }
    }
  }
}

TEST(ClockGettime, FastPathReadsSeqModeCounterDataSeq) {
  // do_hres: seq, clock_mode (vdso_clocksource_ok), counter, data, seq (vdso_read_retry) = 5.
  // do_coarse: seq, data, seq = 3, no counter.
  const VvarState state = QemuVirtState({Generation::kLinux7_2, false});
  const ClockResult hres = ClockGettime(state, kClockMonotonic, kCounter);
  EXPECT_EQ(hres.stats.reads, 5u) << Describe(hres);
  EXPECT_EQ(hres.stats.counter_reads, 1u) << Describe(hres);
  const ClockResult coarse = ClockGettime(state, kClockMonotonicCoarse, kCounter);
  EXPECT_EQ(coarse.stats.reads, 3u) << Describe(coarse);
  EXPECT_EQ(coarse.stats.counter_reads, 0u) << Describe(coarse);
}

TEST(ClockGettime, RawUsesTheRawClockData) {
  // CS_RAW gets mult 0x32000000 = 50 << 24 (50 ns per cycle) while CS_HRES_COARSE keeps 100:
  // RAW = 987654321 + 10000001 * 50 = 987654321 + 500000050 = 1487654371 ns -> {100, 487654371}.
  VvarState state = QemuVirtState({Generation::kLinux6_1, false});
  state.time.clock[kCsRaw].mult = 0x32000000;
  const ClockResult got = ClockGettime(state, kClockMonotonicRaw, kCounter);
  EXPECT_TRUE(Matches(
      got, {Outcome::kReturned, ReaderPath::kHres, FallbackReason::kNone, {100, 487'654'371}}));
}

TEST(ClockGettime, NarrowMaskWrapsTheCounter) {
  // A 32-bit clocksource that wrapped: cycle_last = 0xFFFFFF00, counter = 0x100.
  // delta = (0x100 - 0xFFFFFF00) & 0xFFFFFFFF = 0x200 = 512 cycles = 51200 ns.
  // MONOTONIC = {100, 123456789 + 51200} = {100, 123507989}.
  for (LayoutVariant layout : kLayouts) {
    VvarState state = QemuVirtState(layout);
    state.time.clock[kCsHresCoarse].cycle_last = 0xFFFFFF00;
    state.time.clock[kCsHresCoarse].mask = 0xFFFFFFFF;
    const ClockResult got = ClockGettime(state, kClockMonotonic, 0x100);
    EXPECT_TRUE(Matches(
        got, {Outcome::kReturned, ReaderPath::kHres, FallbackReason::kNone, {100, 123'507'989}}))
        << LayoutVariantName(layout);
  }
}

TEST(ClockGettime, ClockModeNoneFallsBackOnlyForCounterClocks) {
  // update_vsyscall() keeps the coarse bases current even with a non-vDSO clocksource, and
  // do_coarse() never looks at clock_mode; do_hres() checks vdso_clocksource_ok() first.
  for (LayoutVariant layout : kLayouts) {
    VvarState state = QemuVirtState(layout);
    state.time.clock[kCsHresCoarse].clock_mode = kClockModeNone;
    state.time.clock[kCsRaw].clock_mode = kClockModeNone;
    for (int id :
         {kClockRealtime, kClockMonotonic, kClockMonotonicRaw, kClockBoottime, kClockTai}) {
      const ClockResult got = ClockGettime(state, id, kCounter);
      EXPECT_TRUE(Matches(
          got, {Outcome::kFallback, ReaderPath::kHres, FallbackReason::kVdsoClockModeNone, {}}))
          << LayoutVariantName(layout) << " clock " << id;
      EXPECT_EQ(got.stats.counter_reads, 0u) << Describe(got);
    }
    EXPECT_TRUE(Matches(ClockGettime(state, kClockRealtimeCoarse, kCounter),
                        ExpectedFor(layout.generation, kClockRealtimeCoarse)));
  }
}

TEST(ClockGettime, CoarseNsecIsCopiedWithoutNormalising) {
  // do_coarse() stores basetime verbatim: an nsec of 1.5e9 stays 1.5e9 (the kernel never writes
  // one, a fuzzer may).
  VvarState state = QemuVirtState({Generation::kLinux6_12, false});
  state.time.clock[kCsHresCoarse].basetime[kClockMonotonicCoarse] = {100, 1'500'000'000};
  EXPECT_TRUE(Matches(
      ClockGettime(state, kClockMonotonicCoarse, kCounter),
      {Outcome::kReturned, ReaderPath::kCoarse, FallbackReason::kNone, {100, 1'500'000'000}}));
}

TEST(ClockGettime, SecondsQuotientWrapsModulo2To32) {
  // mult 0 and shift 0 leave ns = basetime nsec = 2^63.
  // 2^63 / 1e9 = 9223372036 rem 854775808; __iter_div_u64_rem returns a u32:
  // 9223372036 - 2 * 2^32 = 633437444. tv_sec = 100 + 633437444 = 633437544.
  VvarState state = QemuVirtState({Generation::kLinux7_2, false});
  VdsoClock& c = state.time.clock[kCsHresCoarse];
  c.mult = 0;
  c.shift = 0;
  c.basetime[kClockMonotonic] = {100, 1ull << 63};
  const ClockResult got = ClockGettime(state, kClockMonotonic, kCounter);
  EXPECT_TRUE(Matches(
      got,
      {Outcome::kReturned, ReaderPath::kHres, FallbackReason::kNone, {633'437'544, 854'775'808}}));
  EXPECT_EQ(got.stats.division_iterations, 9'223'372'036u) << Describe(got);
}

TEST(ClockGettime, SixtyFourBitProductWrapsWithoutProtection) {
  // delta = 2^40 cycles: delta * mult = 2^40 * 100 * 2^24 = 100 * 2^64 = 0 modulo 2^64.
  // Without overflow protection: ns = (0 + Shifted(123456789)) >> 24 = 123456789 -> {100, ...}
  // as if no time had passed. With protection and max_cycles = 10995116277 < 2^40 the 128-bit
  // path gives (100 * 2^64 + Shifted(123456789)) >> 24 = 100 * 2^40 + 123456789, truncated to
  // 64 bits: 109951162777600 + 123456789 = 109951286234389 ns -> {100 + 109951, 286234389}.
  for (LayoutVariant layout : kLayouts) {
    const VvarState state = QemuVirtState(layout);
    const ClockResult got = ClockGettime(state, kClockMonotonic, kCycleLast + (1ull << 40));
    const Expect want =
        layout.overflow_protect
            ? Expect{Outcome::kReturned,
                     ReaderPath::kHres,
                     FallbackReason::kNone,
                     {100 + 109'951, 286'234'389}}
            : Expect{
                  Outcome::kReturned, ReaderPath::kHres, FallbackReason::kNone, {100, 123'456'789}};
    EXPECT_TRUE(Matches(got, want)) << LayoutVariantName(layout);
    EXPECT_EQ(got.stats.used_mul_u64_u32_add_u64_shr, layout.overflow_protect) << Describe(got);
  }
}

TEST(ClockGettime, TimeNamespaceAddsOffsetsFromTheNamespacePage) {
  // Offsets: monotonic {+1000, 900000000}, boottime {-100, 500000000}, others 0.
  //   MONOTONIC  {100, 1123456889} + {1000, 900000000} = 1100 s + 2023456889 ns -> {1102, 23456889}
  //   BOOTTIME   {105, 2000000099} + {-100, 500000000} = 5 s + 2500000099 ns   -> {7, 500000099}
  //   RAW        {99, 1987654421} + {1000, 900000000}  = 1099 s + 2887654421 ns -> {1101,
  //   887654421} MONO_COARSE {100, 122000000} + {1000, 900000000} = 1100 s + 1022000000 ns ->
  //   {1101, 22000000} REALTIME, TAI, REALTIME_COARSE: offset 0, same values as outside, timens
  //   paths. AUX 16 (7.2): redirected to the real page, no offset: {501, 105}.
  for (LayoutVariant layout : kLayouts) {
    const VvarState state = testing::InNamespace(QemuVirtState(layout));
    StaticSource source(state, kCounter);
    const auto check = [&](int id, ReaderPath path, KernelTimespec ts) {
      const ClockResult got = ClockGettime(source, id, WithAux(layout));
      EXPECT_TRUE(Matches(got, {Outcome::kReturned, path, FallbackReason::kNone, ts}))
          << LayoutVariantName(layout) << " clock " << id;
      EXPECT_EQ(got.stats.timens_redirects, 1u) << Describe(got);
    };
    check(kClockMonotonic, ReaderPath::kHresTimens, {1102, 23'456'889});
    check(kClockBoottime, ReaderPath::kHresTimens, {7, 500'000'099});
    check(kClockMonotonicRaw, ReaderPath::kHresTimens, {1101, 887'654'421});
    check(kClockMonotonicCoarse, ReaderPath::kCoarseTimens, {1101, 22'000'000});
    check(kClockRealtime, ReaderPath::kHresTimens, {1'764'000'001, 250'000'100});
    check(kClockTai, ReaderPath::kHresTimens, {1'764'000'038, 250'000'100});
    check(kClockRealtimeCoarse, ReaderPath::kCoarseTimens, {1'764'000'000, 249'000'000});
    if (layout.generation == Generation::kLinux7_2) check(kClockAux, ReaderPath::kAux, {501, 105});
  }
}

TEST(ClockGettime, AuxClockFallsBackWhenNotBuiltOrDisabled) {
  const VvarState state = QemuVirtState({Generation::kLinux7_2, false});
  StaticSource source(state, kCounter);
  EXPECT_TRUE(
      Matches(ClockGettime(source, kClockAux, ReaderPolicy::For(state.layout)),
              {Outcome::kFallback, ReaderPath::kAux, FallbackReason::kAuxClocksNotBuilt, {}}));
  EXPECT_TRUE(Matches(ClockGettime(source, kClockAux, WithAux(state.layout)),
                      {Outcome::kReturned, ReaderPath::kAux, FallbackReason::kNone, {501, 105}}));
  EXPECT_TRUE(
      Matches(ClockGettime(source, kClockAuxLast, WithAux(state.layout)),
              {Outcome::kFallback, ReaderPath::kAux, FallbackReason::kAuxClockDisabled, {}}));
}

TEST(ClockGetres, EveryClockIdOfEveryGeneration) {
  // HRES and RAW ids: hrtimer_res = 1. Coarse ids: TICK_NSEC for HZ=250 = (1e9 + 125) / 250 =
  // 4000000. 7.2 aux ids: 1, even with aux clocks not built (the default policy here) and for
  // disabled aux clocks: aux_clock_resolution_ns() is unconditional (Debian's 7.2.13 image does
  // the same). Everything else falls back exactly like clock_gettime.
  for (LayoutVariant layout : kLayouts) {
    const VvarState state = QemuVirtState(layout);
    for (int id = -3; id <= 31; ++id) {
      const ClockResult got = ClockGetres(state, id);
      const Expect gettime = ExpectedFor(layout.generation, id);
      Expect want = gettime;
      if (gettime.path == ReaderPath::kHres) {
        want = {Outcome::kReturned, ReaderPath::kResHrtimer, FallbackReason::kNone, {0, 1}};
      } else if (gettime.path == ReaderPath::kCoarse) {
        want = {Outcome::kReturned, ReaderPath::kResCoarse, FallbackReason::kNone, {0, 4'000'000}};
      } else if (gettime.path == ReaderPath::kAux) {
        want = {Outcome::kReturned, ReaderPath::kResAux, FallbackReason::kNone, {0, 1}};
      }
      EXPECT_TRUE(Matches(got, want)) << LayoutVariantName(layout) << " clock " << id;
      if (got.outcome == Outcome::kFallback) {
        EXPECT_EQ(got.syscall, Syscall::kClockGetres);
      }
    }
  }
}

TEST(ClockGetres, ReadsTheRealPageInATimeNamespaceAndHonoursHz) {
  // The namespace page's tail is zero; the real page (page 1) has hrtimer_res 1.
  VvarState state = testing::InNamespace(QemuVirtState({Generation::kLinux6_1, false}));
  state.timens.tail[0].hrtimer_res = 4'000'000;  // low-resolution hrtimers: TICK_NSEC
  EXPECT_TRUE(Matches(
      ClockGetres(state, kClockMonotonic),
      {Outcome::kReturned, ReaderPath::kResHrtimer, FallbackReason::kNone, {0, 4'000'000}}));
  // HZ = 1000: TICK_NSEC = (1e9 + 500) / 1000 = 1000000.
  ReaderPolicy policy = ReaderPolicy::For(state.layout);
  policy.hz = 1000;
  StaticSource source(state, 0);
  const ClockResult coarse = ClockGetres(source, kClockRealtimeCoarse, false, policy);
  EXPECT_EQ(coarse.outcome, Outcome::kReturned) << Describe(coarse);
  EXPECT_FALSE(coarse.ts_written) << "res == NULL: nothing stored";
  EXPECT_EQ(ClockGetres(source, kClockRealtimeCoarse, true, policy).ts,
            (KernelTimespec{0, 1'000'000}));
}

TEST(Gettimeofday, TvFromRealtimeAndTzFromTheTail) {
  // REALTIME = {1764000001, 250000100}; tv_usec = 250000100 / 1000 = 250000. tz = {-60, 0}.
  for (LayoutVariant layout : kLayouts) {
    const GettimeofdayResult got = Gettimeofday(QemuVirtState(layout), kCounter);
    EXPECT_EQ(got.outcome, Outcome::kReturned) << Describe(got);
    EXPECT_EQ(got.tv, (KernelTimeval{1'764'000'001, 250'000})) << Describe(got);
    EXPECT_EQ(got.tz, (KernelTimezone{-60, 0})) << Describe(got);
  }
}

TEST(Gettimeofday, NullTvSkipsTheClockAndFallbackSkipsTz) {
  VvarState state = QemuVirtState({Generation::kLinux6_12, false});
  StaticSource source(state, kCounter);
  const ReaderPolicy policy = ReaderPolicy::For(state.layout);
  // tv == NULL: only the unlocked tz read (clock_mode check + tail) and no counter read.
  const GettimeofdayResult tz_only = Gettimeofday(source, false, true, policy);
  EXPECT_EQ(tz_only.outcome, Outcome::kReturned) << Describe(tz_only);
  EXPECT_FALSE(tz_only.tv_written);
  EXPECT_EQ(tz_only.tz, (KernelTimezone{-60, 0})) << Describe(tz_only);
  EXPECT_EQ(tz_only.stats.counter_reads, 0u) << Describe(tz_only);
  // gettimeofday(NULL, NULL) reads nothing and returns 0.
  EXPECT_EQ(Gettimeofday(source, false, false, policy).stats.reads, 0u);
  // clock_mode NONE: do_hres fails, the whole call becomes the syscall, tz is not stored.
  state.time.clock[kCsHresCoarse].clock_mode = kClockModeNone;
  const GettimeofdayResult fallback = Gettimeofday(state, kCounter);
  EXPECT_EQ(fallback.outcome, Outcome::kFallback) << Describe(fallback);
  EXPECT_EQ(fallback.syscall, Syscall::kGettimeofday) << Describe(fallback);
  EXPECT_FALSE(fallback.tz_written) << Describe(fallback);
}

TEST(Gettimeofday, TimeNamespaceTakesTzFromTheRealPage) {
  VvarState state = testing::InNamespace(QemuVirtState({Generation::kLinux7_2, false}));
  state.time.tail[0] = {111, 1, 0, 0};  // the namespace page: must not be used
  const GettimeofdayResult got = Gettimeofday(state, kCounter);
  EXPECT_EQ(got.path, ReaderPath::kHresTimens) << Describe(got);
  EXPECT_EQ(got.tv, (KernelTimeval{1'764'000'001, 250'000})) << Describe(got);
  EXPECT_EQ(got.tz, (KernelTimezone{-60, 0})) << Describe(got);
}

// The vector must notice a change of any parameter (STYLE: a test that cannot fail is a
// defect). Each mutation below changes REALTIME read at kCounter:
//   mult + 1: fraction kHalf + delta = 8388608 + 10000001 >= 2^24 -> +1 ns
//   mult - 1: fraction kHalf - delta < 0                          -> -1 ns
//   shift 23 / 25: the sum doubles / halves
//   mask ~1: delta 10000001 -> 10000000                           -> -100 ns
//   basetime sec + 1, basetime nsec + 2^24 (one ns)
TEST(ClockGettime, VectorIsSensitiveToEveryParameter) {
  const VvarState base = QemuVirtState({Generation::kLinux6_12, false});
  const KernelTimespec reference = ClockGettime(base, kClockRealtime, kCounter).ts;
  const auto mutated = [&](auto mutate) {
    VvarState state = base;
    mutate(state.time.clock[kCsHresCoarse]);
    return ClockGettime(state, kClockRealtime, kCounter).ts;
  };
  EXPECT_NE(mutated([](VdsoClock& c) { c.mult += 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.mult -= 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.shift = kShift - 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.shift = kShift + 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.mask = ~1ull; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.cycle_last += 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.basetime[kClockRealtime].sec += 1; }), reference);
  EXPECT_NE(mutated([](VdsoClock& c) { c.basetime[kClockRealtime].nsec += 1ull << 24; }),
            reference);
  // Sub-nanosecond bits are invisible by design: the fraction kHalf may move by < 2^23.
  EXPECT_EQ(mutated([](VdsoClock& c) { c.basetime[kClockRealtime].nsec += kHalf - 1; }), reference);
}

TEST(ClockIdName, NamesKnownIdsAndNumbersTheRest) {
  EXPECT_EQ(ClockIdName(kClockMonotonicRaw), "CLOCK_MONOTONIC_RAW");
  EXPECT_EQ(ClockIdName(kClockTai), "CLOCK_TAI");
  EXPECT_EQ(ClockIdName(kClockAux + 3), "CLOCK_AUX+3");
  EXPECT_EQ(ClockIdName(12), "CLOCK_12");
  EXPECT_EQ(ClockIdName(-1), "CLOCK_-1");
}

TEST(ClassifyClockId, AuxIdsExistOnlyIn7_2) {
  EXPECT_EQ(ClassifyClockId(Generation::kLinux6_12, kClockAux), ClockIdClass::kOutOfRange);
  EXPECT_EQ(ClassifyClockId(Generation::kLinux7_2, kClockAux), ClockIdClass::kAux);
  EXPECT_EQ(ClassifyClockId(Generation::kLinux7_2, kClockAuxLast + 1), ClockIdClass::kOutOfRange);
  EXPECT_EQ(ClassifyClockId(Generation::kLinux7_2, -1), ClockIdClass::kOutOfRange);
  EXPECT_EQ(ClassifyClockId(Generation::kLinux6_1, 15), ClockIdClass::kNotInVdso);
}

}  // namespace
}  // namespace vdsoconf::ref
