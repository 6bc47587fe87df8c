#include "vdsoconf/live/stress_writer_invariants.h"

#include <string>

namespace vdsoconf::live {
namespace {

constexpr std::uint64_t kNsPerSec = 1000000000;
using Int128 = __int128;

std::string Str(std::uint64_t value) {
  return std::to_string(value);
}

// base_a - base_b in shifted nanoseconds (sec scaled by 1e9 << shift).
Int128 ShiftedDifference(const ref::VdsoTimestamp& a, const ref::VdsoTimestamp& b,
                         std::uint32_t shift) {
  const Int128 second = static_cast<Int128>(kNsPerSec) << shift;
  return (static_cast<Int128>(a.sec) - static_cast<Int128>(b.sec)) * second +
         (static_cast<Int128>(a.nsec) - static_cast<Int128>(b.nsec));
}

Int128 NsDifference(const ref::VdsoTimestamp& a, const ref::VdsoTimestamp& b) {
  return ShiftedDifference(a, b, 0);
}

std::string Str128(Int128 value) {
  if (value < 0) return "-" + Str128(-value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  return digits;
}

void CheckHresParts(const ref::VdsoTimePage& page, bool raw_judged, std::uint64_t counter_after,
                    std::vector<std::string>& out) {
  const ref::VdsoClock& hres = page.clock[ref::kCsHresCoarse];
  const ref::VdsoClock& raw = page.clock[ref::kCsRaw];
  if (hres.shift >= 64) {
    out.push_back("clock[0].shift " + Str(hres.shift) + " >= 64");
    return;
  }
  if (raw_judged &&
      (raw.shift != hres.shift || raw.mask != hres.mask || raw.cycle_last != hres.cycle_last)) {
    out.push_back("bases differ: clock[0] shift/mask/cycle_last " + Str(hres.shift) + "/" +
                  Str(hres.mask) + "/" + Str(hres.cycle_last) + ", clock[1] " + Str(raw.shift) +
                  "/" + Str(raw.mask) + "/" + Str(raw.cycle_last));
  }
  // Modulo the mask, a cycle_last up to half the range ahead of the counter is "ahead".
  const std::uint64_t ahead = (hres.cycle_last - counter_after) & hres.mask;
  if (ahead != 0 && ahead <= (hres.mask >> 1)) {
    out.push_back("cycle_last " + Str(hres.cycle_last) + " is ahead of the counter " +
                  Str(counter_after) + " read after the copy");
  }
  const Int128 limit = static_cast<Int128>(kNsPerSec) << hres.shift;
  const auto check_range = [&](const ref::VdsoClock& clock, int base, const char* name) {
    const std::uint64_t nsec = clock.basetime[static_cast<std::size_t>(base)].nsec;
    if (static_cast<Int128>(nsec) >= limit) {
      out.push_back(std::string(name) + ".nsec " + Str(nsec) + " >= 1e9 << " + Str(clock.shift));
    }
  };
  check_range(hres, ref::kClockRealtime, "REALTIME");
  check_range(hres, ref::kClockMonotonic, "MONOTONIC");
  check_range(hres, ref::kClockBoottime, "BOOTTIME");
  check_range(hres, ref::kClockTai, "TAI");
  if (raw_judged) check_range(raw, ref::kClockMonotonicRaw, "MONOTONIC_RAW");

  const auto& bt = hres.basetime;
  const Int128 wall_to_mono =
      ShiftedDifference(bt[ref::kClockMonotonic], bt[ref::kClockRealtime], hres.shift);
  const Int128 mono_to_boot =
      ShiftedDifference(bt[ref::kClockBoottime], bt[ref::kClockMonotonic], hres.shift);
  const Int128 unit = static_cast<Int128>(1) << hres.shift;
  if (wall_to_mono % unit != 0) {
    out.push_back("MONOTONIC - REALTIME is " + Str128(wall_to_mono) +
                  " shifted ns, not whole nanoseconds (shift " + Str(hres.shift) + ")");
  }
  if (mono_to_boot % unit != 0 || mono_to_boot < 0) {
    out.push_back("BOOTTIME - MONOTONIC is " + Str128(mono_to_boot) +
                  " shifted ns: negative or not whole nanoseconds");
  }
  if (bt[ref::kClockTai].nsec != bt[ref::kClockRealtime].nsec) {
    out.push_back("TAI.nsec " + Str(bt[ref::kClockTai].nsec) + " != REALTIME.nsec " +
                  Str(bt[ref::kClockRealtime].nsec));
  }
  const Int128 coarse_wall_to_mono =
      NsDifference(bt[ref::kClockMonotonicCoarse], bt[ref::kClockRealtimeCoarse]);
  if (wall_to_mono % unit == 0 && coarse_wall_to_mono != wall_to_mono / unit) {
    out.push_back("MONOTONIC_COARSE - REALTIME_COARSE is " + Str128(coarse_wall_to_mono) +
                  " ns, MONOTONIC - REALTIME " + Str128(wall_to_mono / unit) + " ns");
  }
}

// One of the architecture's own clock modes (neither NONE nor TIMENS); with no architecture
// given, one of any architecture the model knows.
bool IsArchClockMode(const ref::ArchModel* arch, std::int32_t mode) {
  if (mode == ref::kClockModeNone || mode == ref::kClockModeTimens) return false;
  if (arch != nullptr) return ref::IsKnownClockMode(*arch, mode);
  for (const ref::ArchModel* each : ref::AllArchModels()) {
    if (ref::IsKnownClockMode(*each, mode)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> WriterInvariantViolations(const ref::VvarState& state,
                                                   std::uint64_t counter_after,
                                                   const ref::ArchModel* arch) {
  std::vector<std::string> out;
  const ref::VdsoTimePage& page = state.time;
  const ref::VdsoClock& hres = page.clock[ref::kCsHresCoarse];
  const ref::VdsoClock& raw = page.clock[ref::kCsRaw];
  if (hres.seq % 2 != 0) out.push_back("clock[0].seq " + Str(hres.seq) + " is odd");
  const bool raw_judged = raw.seq == hres.seq;
  if (!raw_judged && raw.seq + 1 != hres.seq) {
    out.push_back("clock[1].seq " + Str(raw.seq) + " is neither clock[0].seq " + Str(hres.seq) +
                  " nor one less");
  }
  if (hres.clock_mode != raw.clock_mode) {
    out.push_back("clock_mode differs: clock[0] " + std::to_string(hres.clock_mode) +
                  ", clock[1] " + std::to_string(raw.clock_mode));
  }
  if (hres.clock_mode != ref::kClockModeNone && !IsArchClockMode(arch, hres.clock_mode)) {
    out.push_back("clock[0].clock_mode " + std::to_string(hres.clock_mode) +
                  " is neither NONE nor the arch mode");
  }
  const auto& bt = hres.basetime;
  for (int base : {ref::kClockRealtimeCoarse, ref::kClockMonotonicCoarse}) {
    const std::uint64_t nsec = bt[static_cast<std::size_t>(base)].nsec;
    if (nsec >= kNsPerSec) {
      out.push_back(
          std::string(base == ref::kClockRealtimeCoarse ? "REALTIME_COARSE" : "MONOTONIC_COARSE") +
          ".nsec " + Str(nsec) + " >= 1e9");
    }
  }
  if (bt[ref::kClockRealtimeCoarse].sec != bt[ref::kClockRealtime].sec) {
    out.push_back("REALTIME_COARSE.sec " + Str(bt[ref::kClockRealtimeCoarse].sec) +
                  " != REALTIME.sec " + Str(bt[ref::kClockRealtime].sec));
  }
  if (state.layout.generation != ref::Generation::kLinux7_2 && hres.shift < 64 &&
      bt[ref::kClockRealtimeCoarse].nsec != bt[ref::kClockRealtime].nsec >> hres.shift) {
    out.push_back("REALTIME_COARSE.nsec " + Str(bt[ref::kClockRealtimeCoarse].nsec) +
                  " != REALTIME.nsec >> shift " + Str(bt[ref::kClockRealtime].nsec >> hres.shift));
  }
  if (hres.clock_mode != ref::kClockModeNone) CheckHresParts(page, raw_judged, counter_after, out);
  return out;
}

}  // namespace vdsoconf::live
