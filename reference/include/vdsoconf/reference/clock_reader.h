// The reference reader: what __vdso_clock_gettime, __vdso_clock_getres and __vdso_gettimeofday
// of a RISC-V kernel return for given vvar contents and counter values.
//
// One generic reader, like lib/vdso/gettimeofday.c, parameterised by a small ReaderPolicy (the
// layout generation and the config options that change the algorithm). The per-architecture hook
// of the kernel, __arch_get_hw_counter(), is the ObservationSource's CounterAt(). RISC-V keeps the
// generic defaults for every other hook: vdso_clocksource_ok() is "clock_mode != NONE",
// vdso_cycles_ok() is always true, __arch_vdso_hres_capable() is true, vdso_calc_ns() and
// vdso_shift_ns() are the generic ones, and the counter read ignores clock_mode.
//
// Modelled kernel routines and where the generations differ:
//   __cvdso_clock_gettime_common  6.1/6.12: `(u32)clock >= MAX_CLOCKS` falls back (so do all
//                                 negative ids); 7.2: `(u32)clock > CLOCK_AUX_LAST` (ids 16..23
//                                 are aux clocks). Ids in no VDSO_* mask fall back.
//   do_hres / do_hres_timens      counter-based clocks REALTIME, MONOTONIC, BOOTTIME, TAI (CS_HRES
//                                 _COARSE) and MONOTONIC_RAW (CS_RAW).
//   do_coarse / do_coarse_timens  REALTIME_COARSE, MONOTONIC_COARSE: basetime copied verbatim,
//                                 tv_nsec not normalised; the timens variant normalises.
//   do_aux (7.2)                  aux_clock_data[id - 16], basetime[VDSO_BASE_AUX = 0].
//   vdso_calc_ns                  6.1: ((cycles - last) & mask) * mult + nsec, >> shift, all
//                                 modulo 2^64. 6.12/7.2 the same, except with overflow protection
//                                 a delta >= max_cycles takes mul_u64_u32_add_u64_shr(), the
//                                 128-bit product (RISC-V 64 has __int128).
//   vdso_set_timespec             tv_sec = sec + __iter_div_u64_rem(ns, 1e9, &ns): the quotient
//                                 is a u32, so it wraps modulo 2^32 for absurd ns.
//   __cvdso_clock_getres_common   hrtimer_res for HRES and RAW ids, LOW_RES_NSEC (TICK_NSEC,
//                                 depends on CONFIG_HZ) for coarse ids, 1 ns for 7.2 aux ids (even
//                                 when that aux clock is disabled or aux clocks are not built).
//                                 The page is switched to the real one when page 0's
//                                 clock[0].clock_mode is TIMENS; no seqlock.
//   __cvdso_gettimeofday_data     do_hres(REALTIME); tv_usec = (u32)tv_nsec / 1000; tz from the
//                                 real page's tail, read without seqlock. If do_hres fails the
//                                 whole call becomes the gettimeofday syscall.
// RISC-V's vDSO has no time() (VDSO_HAS_TIME is not defined), so there is none here.
//
// Time namespaces: a page is only recognised as a namespace page when its seq is odd AND its
// clock_mode is TIMENS (in every generation). A TIMENS page with an even seq is read as if it
// were real data (TIMENS != NONE passes vdso_clocksource_ok()); the model does the same. The
// real page (page 1) is then read with the plain vdso_read_begin(), so a TIMENS real page spins.
//
// Evidence: suites/reference/kernel_diff/run.sh compiles each kernel tree's own
// lib/vdso/gettimeofday.c for the host and compares it with this reader (hand vectors and random
// states, all ids, every layout): no mismatch. Debian's 7.2.13 riscv64 image was disassembled to
// pick the policy defaults (HZ 250, no CONFIG_POSIX_AUX_CLOCKS).
//
// Everything but ClockIdName() and Describe() is deterministic, allocation-free and
// exception-free: safe for fuzzers.
#pragma once

#include <cstdint>
#include <string>

#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reference/seqlock.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

inline constexpr std::uint64_t kNsecPerSec = 1'000'000'000;
inline constexpr std::int32_t kClockAuxLast = kClockAux + kMaxAuxClocks - 1;  // 23

// The build-time choices of one vDSO image that change what it computes.
struct ReaderPolicy {
  Generation generation = Generation::kLinux7_2;
  // CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT. No RISC-V kernel selects it (only x86 does), but the
  // generic code supports it and vdsoconf models it.
  bool overflow_protect = false;
  // CONFIG_TIME_NS. Without it a TIMENS page is never recognised: an odd seq just spins.
  bool time_namespaces = true;
  // CONFIG_POSIX_AUX_CLOCKS (7.2 only; ignored for older generations). Off by default like the
  // Kconfig option; Debian's 7.2.13 riscv64 vDSO is built without it (its __vdso_clock_gettime
  // sends ids 16..23 straight to the syscall; seen by disassembly).
  bool posix_aux_clocks = false;
  // CONFIG_HZ: clock_getres of coarse clocks returns TICK_NSEC = (1e9 + HZ/2) / HZ. Debian's
  // 7.2.13 riscv64 vDSO returns 4000000 there, i.e. HZ = 250.
  std::uint32_t hz = 250;
  // The model gives up after this many reads in one call and reports Outcome::kWouldSpin.
  std::uint32_t max_reads = 4096;

  // The policy of a vDSO built for `layout` with the defaults above.
  static ReaderPolicy For(LayoutVariant layout) {
    ReaderPolicy policy;
    policy.generation = layout.generation;
    policy.overflow_protect = layout.overflow_protect;
    return policy;
  }
};

// What each clock id is to the vDSO of a generation.
enum class ClockIdClass : std::uint8_t {
  kHres,        // VDSO_HRES: REALTIME, MONOTONIC, BOOTTIME, TAI
  kCoarse,      // VDSO_COARSE: REALTIME_COARSE, MONOTONIC_COARSE
  kRaw,         // VDSO_RAW: MONOTONIC_RAW
  kAux,         // VDSO_AUX (7.2): 16..23
  kNotInVdso,   // valid id, in no mask: syscall
  kOutOfRange,  // fails the (u32) range check: syscall
};
// Inline: the model fuzzer classifies every input's id several times (reader, features,
// invariants).
constexpr ClockIdClass ClassifyClockId(Generation generation, std::int32_t clock_id) {
  constexpr std::uint32_t kVdsoHres =
      (1u << kClockRealtime) | (1u << kClockMonotonic) | (1u << kClockBoottime) | (1u << kClockTai);
  constexpr std::uint32_t kVdsoCoarse =
      (1u << kClockRealtimeCoarse) | (1u << kClockMonotonicCoarse);
  constexpr std::uint32_t kVdsoRaw = 1u << kClockMonotonicRaw;
  // __GENMASK(CLOCK_AUX_LAST, CLOCK_AUX): bits 16..23.
  constexpr std::uint32_t kVdsoAux = ((1u << (kClockAuxLast + 1)) - 1u) & ~((1u << kClockAux) - 1u);
  const auto id = static_cast<std::uint32_t>(clock_id);
  const bool has_aux = generation == Generation::kLinux7_2;
  // 6.1/6.12: (u32)clock >= MAX_CLOCKS; 7.2: !((u32)clock <= CLOCK_AUX_LAST).
  const std::uint32_t limit = has_aux ? static_cast<std::uint32_t>(kClockAuxLast) + 1
                                      : static_cast<std::uint32_t>(kMaxClocks);
  if (id >= limit) return ClockIdClass::kOutOfRange;
  const std::uint32_t bit = 1u << id;
  if (bit & kVdsoHres) return ClockIdClass::kHres;
  if (bit & kVdsoCoarse) return ClockIdClass::kCoarse;
  if (bit & kVdsoRaw) return ClockIdClass::kRaw;
  if (has_aux && (bit & kVdsoAux)) return ClockIdClass::kAux;
  return ClockIdClass::kNotInVdso;
}

// "CLOCK_MONOTONIC", "CLOCK_AUX+3" (16..23), "CLOCK_12", "CLOCK_-1": for reports and test names.
std::string ClockIdName(std::int32_t clock_id);

// clock_gettime(clock_id, &ts) as the vDSO of `policy` runs it, all reads served by `source`.
// Never throws, never allocates (beyond what `source` does), always terminates.
ClockResult ClockGettime(ObservationSource& source, std::int32_t clock_id,
                         const ReaderPolicy& policy);

// Convenience: an idle writer (`state` at every read) and a counter that reads `counter`;
// the policy is ReaderPolicy::For(state.layout).
ClockResult ClockGettime(const VvarState& state, std::int32_t clock_id, std::uint64_t counter);

// clock_getres(clock_id, res). `res_present` false models res == NULL: the result is the same
// but ts_written is false.
ClockResult ClockGetres(ObservationSource& source, std::int32_t clock_id, bool res_present,
                        const ReaderPolicy& policy);
ClockResult ClockGetres(const VvarState& state, std::int32_t clock_id);

// gettimeofday(tv, tz) with tv/tz non-NULL as given.
GettimeofdayResult Gettimeofday(ObservationSource& source, bool tv_present, bool tz_present,
                                const ReaderPolicy& policy);
GettimeofdayResult Gettimeofday(const VvarState& state, std::uint64_t counter);

// vdso_calc_ns() (6.12/7.2; 6.1's open-coded equivalent computes the same): nanoseconds of the
// clock given the clock data, a counter value and the base (basetime[clk].nsec, shifted ns).
// With `overflow_protect` and delta >= max_cycles, the 128-bit path; `used_128bit` says which.
// A shift >= 64 is undefined in C. The model uses its low 6 bits on the 64-bit path (what
// RISC-V's srl does with a register shift amount) and its low 7 bits on the 128-bit path; the
// latter is not checked against compiled code.
std::uint64_t CalcNs(const VdsoClock& clock, std::uint64_t cycles, std::uint64_t base,
                     bool overflow_protect, bool* used_128bit = nullptr);

// vdso_set_timespec(): {sec + (u32)(ns / 1e9), ns % 1e9}, sec modulo 2^64.
KernelTimespec SetTimespec(std::uint64_t sec, std::uint64_t ns);

// TICK_NSEC for CONFIG_HZ = hz: (1e9 + hz/2) / hz. Requires hz > 0 (0 gives 0).
std::uint64_t TickNsec(std::uint32_t hz);

}  // namespace vdsoconf::ref
