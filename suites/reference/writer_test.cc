// The writer model (timekeeper_writer.h): a hand-built timekeeper whose vvar image must equal
// the hand-built QemuVirtState() of clock_vectors.h, field by field, and be readable by the
// reader with the values derived in clock_reader_test.cc.
#include <gtest/gtest.h>

#include <random>

#include "clock_vectors.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/timekeeper_writer.h"

namespace vdsoconf::ref {
namespace {

using testing::kCounter;
using testing::kCycleLast;
using testing::kLayouts;
using testing::kMult;
using testing::kShift;
using testing::QemuVirtState;
using testing::Shifted;

// The timekeeper behind QemuVirtState():
//   REALTIME = xtime = {1764000000, 250000000 ns + half}
//   wall_to_monotonic = {-1763999901, 873456789}:
//     sec  1764000000 - 1763999901 = 99
//     nsec (250000000 + 873456789) << 24 + half = 1123456789 << 24 + half >= 1e9 << 24
//          -> {100, 123456789 << 24 + half}                                     = MONOTONIC
//   monotonic_to_boot = {5, 876543210}: {105, (123456789 + 876543210) << 24 + half}
//          = {105, 999999999 << 24 + half}                                       = BOOTTIME
//   tai_offset 37 -> {1764000037, xtime_nsec}                                     = TAI
//   raw: raw_sec 99, xtime_nsec 987654321 << 24                                   = RAW
//   coarse_nsec (7.2) 249000000: REALTIME_COARSE {1764000000, 249000000},
//     MONOTONIC_COARSE 249000000 + 873456789 = 1122456789 -> {100, 122456789}.
//   6.1/6.12 use xtime_nsec >> 24 = 250000000 instead: {1764000000, 250000000} and
//     250000000 + 873456789 = 1123456789 -> {100, 123456789}.
Timekeeper QemuVirtTimekeeper() {
  Timekeeper tk;
  tk.clock_mode = testing::CounterMode();
  tk.tkr_mono = {kCycleLast, ~0ull, kMult, kShift, Shifted(250'000'000), 10'995'116'277};
  tk.tkr_raw = {kCycleLast, ~0ull, kMult, kShift, 987'654'321ull << kShift, 10'995'116'277};
  tk.xtime_sec = 1'764'000'000;
  tk.raw_sec = 99;
  tk.wall_to_monotonic = {-1'763'999'901, 873'456'789};
  tk.monotonic_to_boot = {5, 876'543'210};
  tk.tai_offset = 37;
  tk.coarse_nsec = 249'000'000;
  tk.hrtimer_resolution = 1;
  return tk;
}

// aux clock 0: basetime {500, 5 << 24}. nsec = (xtime_nsec >> 24) + 750000005 = 250000000 +
// 750000005 = 1000000005 -> +1 s, 5 ns; sec = 1764000000 - 1763999501 + 1 = 500. The shifted
// base is 5 << 24: vdso_time_update_aux() drops the sub-ns fraction (>> shift, then << shift).
AuxTimekeeper QemuVirtAux() {
  AuxTimekeeper aux;
  aux.clock_valid = true;
  aux.clock_mode = testing::CounterMode();
  aux.tkr_mono = QemuVirtTimekeeper().tkr_mono;
  aux.xtime_sec = 1'764'000'000;
  aux.monotonic_to_aux = {-1'763'999'501, 750'000'005};
  return aux;
}

::testing::AssertionResult SameClock(const VdsoClock& got, const VdsoClock& want) {
  if (got == want) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  const auto field = [&](const char* name, auto g, auto w) {
    if (g != w) failure << name << ": got " << g << " want " << w << "; ";
  };
  field("seq", got.seq, want.seq);
  field("clock_mode", got.clock_mode, want.clock_mode);
  field("cycle_last", got.cycle_last, want.cycle_last);
  field("max_cycles", got.max_cycles, want.max_cycles);
  field("mask", got.mask, want.mask);
  field("mult", got.mult, want.mult);
  field("shift", got.shift, want.shift);
  for (int i = 0; i < kVdsoBases; ++i) {
    const auto& g = got.basetime[static_cast<std::size_t>(i)];
    const auto& w = want.basetime[static_cast<std::size_t>(i)];
    if (g != w) {
      failure << "basetime[" << i << "]: got {" << g.sec << "," << g.nsec << "} want {" << w.sec
              << "," << w.nsec << "}; ";
    }
  }
  return failure;
}

// The page the writer must produce: QemuVirtState() with the writer's coarse values.
VdsoTimePage ExpectedPage(LayoutVariant layout) {
  VdsoTimePage page = QemuVirtState(layout).time;
  auto& base = page.clock[kCsHresCoarse].basetime;
  if (layout.generation == Generation::kLinux7_2) {
    base[kClockMonotonicCoarse] = {100, 122'456'789};
  } else {
    base[kClockRealtimeCoarse] = {1'764'000'000, 250'000'000};
    base[kClockMonotonicCoarse] = {100, 123'456'789};
  }
  return page;
}

VdsoTimePage WrittenPage(LayoutVariant layout) {
  VdsoTimePage page;
  page.clock[kCsHresCoarse].seq = 0x308;
  page.clock[kCsRaw].seq = 0x308;
  UpdateVsyscall(layout, QemuVirtTimekeeper(), page);
  UpdateVsyscallTz({-60, 0}, page);
  if (layout.generation == Generation::kLinux7_2) {
    VdsoTimeUpdateAux(layout, 0, QemuVirtAux(), page);
    page.aux_clock[0].seq = 0x30a;  // aux seqs count separately; QemuVirtState copies clock[0]
  }
  return page;
}

TEST(UpdateVsyscall, WritesTheHandDerivedPage) {
  for (LayoutVariant layout : kLayouts) {
    const VdsoTimePage got = WrittenPage(layout);
    const VdsoTimePage want = ExpectedPage(layout);
    EXPECT_TRUE(SameClock(got.clock[kCsHresCoarse], want.clock[kCsHresCoarse]))
        << LayoutVariantName(layout) << " CS_HRES_COARSE";
    EXPECT_TRUE(SameClock(got.clock[kCsRaw], want.clock[kCsRaw]))
        << LayoutVariantName(layout) << " CS_RAW";
    EXPECT_TRUE(SameClock(got.aux_clock[0], want.aux_clock[0]))
        << LayoutVariantName(layout) << " aux 0";
    EXPECT_EQ(got.tail[0], want.tail[0]) << LayoutVariantName(layout);
  }
}

TEST(UpdateVsyscall, ReaderSeesTheDerivedTimes) {
  // Values from clock_reader_test.cc (delta 10000001 cycles = +1000000100 ns).
  for (LayoutVariant layout : kLayouts) {
    VvarState state = QemuVirtState(layout);
    state.time = WrittenPage(layout);
    const auto ts = [&](int id) { return ClockGettime(state, id, kCounter).ts; };
    EXPECT_EQ(ts(kClockRealtime), (KernelTimespec{1'764'000'001, 250'000'100}));
    EXPECT_EQ(ts(kClockMonotonic), (KernelTimespec{101, 123'456'889}));
    EXPECT_EQ(ts(kClockBoottime), (KernelTimespec{107, 99}));
    EXPECT_EQ(ts(kClockTai), (KernelTimespec{1'764'000'038, 250'000'100}));
    EXPECT_EQ(ts(kClockMonotonicRaw), (KernelTimespec{100, 987'654'421}));
  }
}

TEST(UpdateVsyscall, ReaderAtCycleLastReturnsTheTimekeeperTime) {
  // With counter == cycle_last the delta is 0, so every counter clock must read back exactly what
  // the timekeeper says: REALTIME = {xtime_sec, xtime_nsec >> shift}, MONOTONIC = REALTIME +
  // wall_to_monotonic (normalised), BOOTTIME = MONOTONIC + monotonic_to_boot, TAI = REALTIME +
  // tai_offset s, RAW = {raw_sec, raw xtime_nsec >> raw shift}. Random sane timekeepers.
  std::mt19937_64 rng(42);
  for (int round = 0; round < 2000; ++round) {
    const LayoutVariant layout = kLayouts[static_cast<std::size_t>(round) % 5];
    Timekeeper tk;
    tk.clock_mode = testing::CounterMode();
    const auto shift = static_cast<std::uint32_t>(rng() % 33);
    const std::uint64_t ns = rng() % kNsecPerSec;
    tk.tkr_mono = {rng(),
                   ~0ull,
                   static_cast<std::uint32_t>(rng()),
                   shift,
                   (ns << shift) | (rng() % (1ull << shift)),
                   ~0ull};
    tk.tkr_raw = {tk.tkr_mono.cycle_last,          ~0ull, kMult, kShift,
                  (rng() % kNsecPerSec) << kShift, ~0ull};
    tk.xtime_sec = rng() % (1ull << 40);
    tk.raw_sec = rng() % (1ull << 40);
    const std::int64_t wtm_ns = static_cast<std::int64_t>(rng() % kNsecPerSec);
    tk.wall_to_monotonic = {-static_cast<std::int64_t>(tk.xtime_sec / 2), wtm_ns};
    tk.monotonic_to_boot = {static_cast<std::int64_t>(rng() % 1000),
                            static_cast<std::int64_t>(rng() % kNsecPerSec)};
    tk.tai_offset = 37;
    VvarState state = QemuVirtState(layout);
    UpdateVsyscall(layout, tk, state.time);
    const auto read = [&](int id) { return ClockGettime(state, id, tk.tkr_mono.cycle_last).ts; };
    const auto sec = [](std::uint64_t s) { return static_cast<std::int64_t>(s); };
    const auto i64 = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    const KernelTimespec realtime{sec(tk.xtime_sec), i64(ns)};
    ASSERT_EQ(read(kClockRealtime), realtime) << "round " << round;
    const std::uint64_t mono_ns = ns + static_cast<std::uint64_t>(wtm_ns);
    const KernelTimespec mono{sec(tk.xtime_sec - tk.xtime_sec / 2 + mono_ns / kNsecPerSec),
                              i64(mono_ns % kNsecPerSec)};
    ASSERT_EQ(read(kClockMonotonic), mono) << "round " << round;
    const std::uint64_t boot_ns =
        static_cast<std::uint64_t>(mono.tv_nsec + tk.monotonic_to_boot.tv_nsec);
    const KernelTimespec boot{
        mono.tv_sec + tk.monotonic_to_boot.tv_sec + i64(boot_ns / kNsecPerSec),
        i64(boot_ns % kNsecPerSec)};
    ASSERT_EQ(read(kClockBoottime), boot) << "round " << round;
    ASSERT_EQ(read(kClockTai), (KernelTimespec{realtime.tv_sec + 37, realtime.tv_nsec}));
    ASSERT_EQ(read(kClockMonotonicRaw),
              (KernelTimespec{sec(tk.raw_sec), i64(tk.tkr_raw.xtime_nsec >> kShift)}));
  }
}

TEST(UpdateVsyscall, SeqIsOddWhileWritingAndTwoHigherAfter) {
  VdsoTimePage page;
  page.clock[kCsHresCoarse].seq = 0x308;
  page.clock[kCsRaw].seq = 0x308;
  VdsoWriteBegin(page);
  EXPECT_EQ(page.clock[kCsHresCoarse].seq, 0x309u);
  EXPECT_EQ(page.clock[kCsRaw].seq, 0x309u);
  // A reader meeting the half-written page spins.
  VvarState state = QemuVirtState({Generation::kLinux6_1, false});
  state.time = page;
  UpdateVsyscallData(state.layout, QemuVirtTimekeeper(), state.time);
  StaticSource source(state, kCounter);
  ReaderPolicy policy = ReaderPolicy::For(state.layout);
  policy.max_reads = 32;
  EXPECT_EQ(ClockGettime(source, kClockRealtime, policy).outcome, Outcome::kWouldSpin);
  VdsoWriteEnd(state.time);
  EXPECT_EQ(state.time.clock[kCsHresCoarse].seq, 0x30au);
  EXPECT_EQ(ClockGettime(source, kClockRealtime, policy).ts,
            (KernelTimespec{1'764'000'001, 250'000'100}));
}

TEST(UpdateVsyscall, ClockModeNoneSparesTheHighResolutionParts) {
  // A non-vDSO clocksource: clock_mode NONE. REALTIME base, coarse bases and hrtimer_res move
  // (xtime 10 s later), cycle_last/mult and MONOTONIC/BOOTTIME/RAW/TAI keep the old values.
  for (LayoutVariant layout : kLayouts) {
    VdsoTimePage page = WrittenPage(layout);
    const VdsoTimePage before = page;
    Timekeeper tk = QemuVirtTimekeeper();
    tk.clock_mode = kClockModeNone;
    tk.xtime_sec += 10;
    tk.tkr_mono.cycle_last += 100'000'000;
    tk.hrtimer_resolution = 4'000'000;
    UpdateVsyscall(layout, tk, page);
    const auto& got = page.clock[kCsHresCoarse];
    const auto& old = before.clock[kCsHresCoarse];
    EXPECT_EQ(got.clock_mode, kClockModeNone);
    EXPECT_EQ(page.clock[kCsRaw].clock_mode, kClockModeNone);
    EXPECT_EQ(got.basetime[kClockRealtime].sec, 1'764'000'010u);
    EXPECT_EQ(got.basetime[kClockRealtimeCoarse].sec, 1'764'000'010u);
    EXPECT_EQ(got.basetime[kClockMonotonicCoarse].sec, 110u);
    EXPECT_EQ(page.tail[0].hrtimer_res, 4'000'000u);
    EXPECT_EQ(got.cycle_last, old.cycle_last) << LayoutVariantName(layout);
    for (int id : {kClockMonotonic, kClockBoottime, kClockTai}) {
      EXPECT_EQ(got.basetime[static_cast<std::size_t>(id)],
                old.basetime[static_cast<std::size_t>(id)])
          << LayoutVariantName(layout) << " clock " << id;
    }
    EXPECT_EQ(page.clock[kCsRaw].basetime[kClockMonotonicRaw],
              before.clock[kCsRaw].basetime[kClockMonotonicRaw]);
  }
}

TEST(UpdateVsyscall, MaxCyclesOnlyWithOverflowProtection) {
  for (LayoutVariant layout : kLayouts) {
    const VdsoTimePage page = WrittenPage(layout);
    const std::uint64_t want = layout.overflow_protect ? 10'995'116'277u : 0u;
    EXPECT_EQ(page.clock[kCsHresCoarse].max_cycles, want) << LayoutVariantName(layout);
    EXPECT_EQ(page.clock[kCsRaw].max_cycles, want) << LayoutVariantName(layout);
  }
}

TEST(VdsoTimeUpdateAux, InvalidClockGetsModeNoneAndKeepsItsData) {
  const LayoutVariant layout{Generation::kLinux7_2, false};
  VdsoTimePage page = WrittenPage(layout);
  const VdsoClock before = page.aux_clock[0];
  AuxTimekeeper aux = QemuVirtAux();
  aux.clock_valid = false;
  aux.xtime_sec += 10;
  VdsoTimeUpdateAux(layout, 0, aux, page);
  EXPECT_EQ(page.aux_clock[0].clock_mode, kClockModeNone);
  EXPECT_EQ(page.aux_clock[0].seq, before.seq + 2);
  EXPECT_EQ(page.aux_clock[0].basetime[0], before.basetime[0]);
  VvarState state = QemuVirtState(layout);
  state.time = page;
  StaticSource source(state, kCounter);
  ReaderPolicy policy = ReaderPolicy::For(layout);
  policy.posix_aux_clocks = true;
  EXPECT_EQ(ClockGettime(source, kClockAux, policy).fallback, FallbackReason::kAuxClockDisabled);
}

TEST(TimensVvarPage, OffsetsAndReaderInsideTheNamespace) {
  // Offsets monotonic {+1000, 900000000}, boottime {-100, 500000000}: the reader values derived
  // in clock_reader_test.cc (TimeNamespaceAddsOffsetsFromTheNamespacePage).
  for (LayoutVariant layout : kLayouts) {
    const VdsoTimePage ns =
        TimensVvarPage(layout, true, {{1000, 900'000'000}, {-100, 500'000'000}});
    for (const VdsoClock& c : ns.clock) {
      EXPECT_EQ(c.seq, 1u);
      EXPECT_EQ(c.clock_mode, kClockModeTimens);
      EXPECT_EQ(c.basetime[kClockMonotonicRaw], (VdsoTimestamp{1000, 900'000'000}));
      EXPECT_EQ(c.basetime[kClockBoottimeAlarm].OffsetSec(), -100);
      EXPECT_EQ(c.basetime[kClockRealtime], VdsoTimestamp{});
    }
    const bool has_aux = layout.generation == Generation::kLinux7_2;
    EXPECT_EQ(ns.aux_clock[3].clock_mode, has_aux ? kClockModeTimens : 0);
    VvarState host = QemuVirtState(layout);
    const VvarState inside = InTimeNamespace(host, ns);
    EXPECT_EQ(inside, testing::InNamespace(host)) << LayoutVariantName(layout);
    EXPECT_EQ(ClockGettime(inside, kClockBoottime, kCounter).ts, (KernelTimespec{7, 500'000'099}));
  }
}

}  // namespace
}  // namespace vdsoconf::ref
