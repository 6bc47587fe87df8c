#include "vdsoconf/reference/overflow.h"

#include <algorithm>

#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::ref {
namespace {

using U128 = unsigned __int128;
constexpr U128 kTwo64 = static_cast<U128>(1) << 64;

}  // namespace

OverflowHorizon ComputeOverflowHorizon(std::uint32_t mult, std::uint32_t shift, std::uint64_t base,
                                       std::uint64_t mask) {
  OverflowHorizon horizon;
  if (mult != 0) {
    const U128 first = (kTwo64 - base + mult - 1) / mult;  // ceil((2^64 - base) / mult)
    horizon.reachable = first <= mask;
    if (horizon.reachable) horizon.first_wrapping_delta = static_cast<std::uint64_t>(first);
  }
  horizon.last_exact_delta = horizon.reachable ? horizon.first_wrapping_delta - 1 : mask;
  const U128 sum = static_cast<U128>(horizon.last_exact_delta) * mult + base;
  horizon.last_exact_ns = static_cast<std::uint64_t>(sum >> (shift & 63u));
  return horizon;
}

OverflowReadout ReadAtDelta(const VdsoClock& clock, std::uint64_t base, std::uint64_t delta) {
  OverflowReadout readout;
  const std::uint64_t cycles = clock.cycle_last + delta;
  readout.delta = delta & clock.mask;
  const U128 sum = static_cast<U128>(readout.delta) * clock.mult + base;
  readout.exact_ns = static_cast<std::uint64_t>(sum >> (clock.shift & 63u));
  readout.unprotected_ns = CalcNs(clock, cycles, base, false);
  readout.protected_ns = CalcNs(clock, cycles, base, true, &readout.protected_used_128bit);
  return readout;
}

std::uint64_t ClocksourceMaxCycles(std::uint32_t mult, std::uint64_t mask) {
  const auto maxadj = static_cast<std::uint32_t>(static_cast<std::uint64_t>(mult) * 11 / 100);
  const auto divisor = static_cast<std::uint32_t>(mult + maxadj);  // u32 + u32 in the kernel
  if (divisor == 0) return 0;
  return std::min<std::uint64_t>(~0ull / divisor, mask);
}

}  // namespace vdsoconf::ref
