// The overflow horizon of the vDSO's clock arithmetic.
//
// The reader computes ns = (delta * mult + base) >> shift in 64 bits (vdso_calc_ns()), where
// delta = (counter - cycle_last) & mask and base = basetime[clk].nsec (shifted nanoseconds). If
// the writer stops updating cycle_last for long enough (a stuck timekeeper, a counter jump, a
// fuzzed vvar), delta * mult + base passes 2^64 and the result wraps: time jumps backwards.
// With CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT (6.10+; selected by x86 only, never by RISC-V), a
// delta >= max_cycles takes the 128-bit mul_u64_u32_add_u64_shr() instead. The kernel fills
// max_cycles from the clocksource (clocks_calc_max_nsecs(): U64_MAX / (mult + 11% of mult),
// capped at mask), which leaves room for base; a max_cycles beyond the horizon does not protect.
#pragma once

#include <cstdint>

#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

struct OverflowHorizon {
  // Some delta <= mask makes delta * mult + base reach 2^64. False when mult == 0 or the mask
  // is too narrow for the product to get there (e.g. a 32-bit mask: 2^32 * 2^32 > 2^64 only
  // when mult is near 2^32).
  bool reachable = false;
  // The smallest delta with delta * mult + base >= 2^64: ceil((2^64 - base) / mult). Valid iff
  // reachable.
  std::uint64_t first_wrapping_delta = 0;
  // The largest delta that is still computed exactly: first_wrapping_delta - 1, or mask when
  // not reachable.
  std::uint64_t last_exact_delta = 0;
  // Nanoseconds the reader adds at last_exact_delta: (last_exact_delta * mult + base) >> shift.
  std::uint64_t last_exact_ns = 0;

  friend bool operator==(const OverflowHorizon&, const OverflowHorizon&) = default;
};

// The horizon for one clock. shift only matters for last_exact_ns (taken modulo 64 like the
// reader). Never fails.
OverflowHorizon ComputeOverflowHorizon(std::uint32_t mult, std::uint32_t shift, std::uint64_t base,
                                       std::uint64_t mask);

// What the reader returns for a delta, with and without overflow protection.
struct OverflowReadout {
  std::uint64_t delta = 0;  // after masking
  // The mathematically right value ((delta * mult + base) >> shift in 128 bits, truncated to
  // u64 like mul_u64_u32_add_u64_shr()'s return type).
  std::uint64_t exact_ns = 0;
  // Without protection (6.1; 6.12/7.2 as RISC-V builds them): the 64-bit wrapping result.
  std::uint64_t unprotected_ns = 0;
  // With protection and clock.max_cycles: 128-bit iff delta >= max_cycles.
  std::uint64_t protected_ns = 0;
  bool protected_used_128bit = false;

  friend bool operator==(const OverflowReadout&, const OverflowReadout&) = default;
};

// Reads `clock` at counter = cycle_last + delta with basetime nsec `base` (vdso_calc_ns() of
// clock_reader.h, both ways).
OverflowReadout ReadAtDelta(const VdsoClock& clock, std::uint64_t base, std::uint64_t delta);

// clocks_calc_max_nsecs()'s max_cycles for a clocksource: U64_MAX / (mult + maxadj), with
// maxadj = mult * 11 / 100 (clocksource_max_adjustment()) and the u32 sum wrapping like the
// kernel's, then min(.., mask). Returns 0 if the u32 sum wraps to 0 (the kernel would divide by
// zero; no real clocksource gets there).
std::uint64_t ClocksourceMaxCycles(std::uint32_t mult, std::uint64_t mask);

}  // namespace vdsoconf::ref
