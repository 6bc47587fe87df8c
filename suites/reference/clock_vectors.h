// Hand-built vvar states for the reader, writer and seqlock tests: a RISC-V QEMU virt machine
// (10 MHz timebase, mult 0x64000000, shift 24) about 100 s after boot.
//
// The states are written field by field here, not produced by the writer model, so that the
// reader tests do not depend on the writer. Every number used by an expectation is derived in a
// comment; 2^24 = 16777216 and mult = 0x64000000 = 1677721600 = 100 * 2^24, so one cycle is
// exactly 100 ns and `delta * mult >> 24` is `delta * 100`.
#pragma once

#include <cstdint>
#include <ostream>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {
// GoogleTest printer for the vvar_state.h type (found by ADL), so failures show {sec,nsec}.
inline void PrintTo(const VdsoTimestamp& t, std::ostream* out) {
  *out << "{" << t.sec << "," << t.nsec << "}";
}
}  // namespace vdsoconf::ref

namespace vdsoconf::ref::testing {

inline constexpr std::uint32_t kMult = 0x64000000;  // 100 << 24
inline constexpr std::uint32_t kShift = 24;
inline constexpr std::uint64_t kTwo24 = 1ull << 24;
inline constexpr std::uint64_t kHalf = 1ull << 23;  // sub-ns fraction in every shifted base

// cycle_last = 1e9 cycles = 100 s of uptime.
inline constexpr std::uint64_t kCycleLast = 1'000'000'000;
// The counter the reader sees: cycle_last + 10'000'001, i.e. delta = 10'000'001 cycles and
// delta * mult = 1'000'000'100 << 24 (1.0000001 s). The delta is odd so that clearing bit 0 of
// the mask changes it, and delta = 0.596 * 2^24 so that mult +/- 1 moves the sum
// kHalf +/- 10'000'001 across a multiple of 2^24 (in both directions).
inline constexpr std::uint64_t kDelta = 10'000'001;
inline constexpr std::uint64_t kCounter = kCycleLast + kDelta;

// The clock mode of the counter on the architecture these states model (the one FindLayout
// gives): the mode of every running clock below.
inline std::int32_t CounterMode() {
  return ArchOfUnnamedCalls().CounterClockMode();
}

inline constexpr std::uint64_t Shifted(std::uint64_t ns) {
  return (ns << kShift) + kHalf;
}

// basetime[] of CS_HRES_COARSE:
//   REALTIME          {1764000000, 250000000 ns (+ half a ns in the fraction)}
//   MONOTONIC         {100, 123456789 ns}
//   BOOTTIME          {105, 999999999 ns}
//   TAI               {1764000037, 250000000 ns}
//   REALTIME_COARSE   {1764000000, 249000000}   (plain ns, not shifted)
//   MONOTONIC_COARSE  {100, 122000000}
// CS_RAW: the same clock parameters, basetime[MONOTONIC_RAW] {99, 987654321 << 24} (no fraction).
// Tail: hrtimer_res 1 (high-resolution timers), tz {-60, 0}.
// 7.2 only: aux_clock[0] enabled, same parameters, basetime[0] {500, 5 << 24}; aux 1..7 NONE.
inline VvarState QemuVirtState(LayoutVariant layout) {
  VvarState state;
  state.layout = layout;
  for (int cs = 0; cs < kCsBases; ++cs) {
    VdsoClock& c = state.time.clock[static_cast<std::size_t>(cs)];
    c.seq = 0x30a;  // even: no update in progress (value seen on a live 7.2 guest)
    c.clock_mode = CounterMode();
    c.cycle_last = kCycleLast;
    c.mask = ~0ull;
    c.mult = kMult;
    c.shift = kShift;
    if (layout.overflow_protect) c.max_cycles = 10'995'116'277;  // 2^64 / mult, rounded down
  }
  auto& hres = state.time.clock[kCsHresCoarse].basetime;
  hres[kClockRealtime] = {1'764'000'000, Shifted(250'000'000)};
  hres[kClockMonotonic] = {100, Shifted(123'456'789)};
  hres[kClockBoottime] = {105, Shifted(999'999'999)};
  hres[kClockTai] = {1'764'000'037, Shifted(250'000'000)};
  hres[kClockRealtimeCoarse] = {1'764'000'000, 249'000'000};
  hres[kClockMonotonicCoarse] = {100, 122'000'000};
  state.time.clock[kCsRaw].basetime[kClockMonotonicRaw] = {99, 987'654'321ull << kShift};
  state.time.tail[0] = {-60, 0, 1, 0};
  if (layout.generation == Generation::kLinux7_2) {
    VdsoClock& aux = state.time.aux_clock[0];
    aux = state.time.clock[kCsHresCoarse];
    aux.basetime = {};
    aux.basetime[0] = {500, 5ull << kShift};
  }
  return state;
}

// The view of a task in a time namespace whose offsets are
//   monotonic {+1000 s, 900000000 ns}, boottime {-100 s, 500000000 ns}:
// page 0 is the namespace page (seq 1, clock_mode TIMENS, offsets as timens_setup_vdso_data()
// writes them into both CS slots; zero elsewhere, the page is allocated zeroed), page 1 holds the
// real data of `real`. In 7.2 the aux clocks of the namespace page are set up the same way.
inline VvarState InNamespace(const VvarState& real) {
  VvarState state = real;
  state.timens = real.time;
  state.time = VdsoTimePage{};
  const VdsoTimestamp monotonic{1000, 900'000'000};
  const VdsoTimestamp boottime{static_cast<std::uint64_t>(std::int64_t{-100}), 500'000'000};
  auto setup = [&](VdsoClock& c) {
    c.seq = 1;
    c.clock_mode = kClockModeTimens;
    c.basetime[kClockMonotonic] = monotonic;
    c.basetime[kClockMonotonicRaw] = monotonic;
    c.basetime[kClockMonotonicCoarse] = monotonic;
    c.basetime[kClockBoottime] = boottime;
    c.basetime[kClockBoottimeAlarm] = boottime;
  };
  for (VdsoClock& c : state.time.clock) setup(c);
  if (real.layout.generation == Generation::kLinux7_2) {
    for (VdsoClock& c : state.time.aux_clock) setup(c);
  }
  return state;
}

inline constexpr LayoutVariant kLayouts[] = {
    {Generation::kLinux6_1, false}, {Generation::kLinux6_12, false}, {Generation::kLinux6_12, true},
    {Generation::kLinux7_2, false}, {Generation::kLinux7_2, true},
};

}  // namespace vdsoconf::ref::testing
