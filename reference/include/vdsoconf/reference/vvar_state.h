// The typed view of the vvar pages: every field of every generation, by value.
//
// This is what decode produces from raw page bytes and what encode turns back into bytes
// (vvar_codec.h). It is a superset of all generations; which fields exist in which generation is
// said field by field below and enforced by the codec (a field a generation lacks must be zero
// when encoding, and is left zero when decoding). Readers (clock_reader.h) work on this view.
//
// Names follow the kernel's so that a reader can grep include/vdso/datapage.h for them.
#pragma once

#include <array>
#include <cstdint>

#include "vdsoconf/reference/arch_vvar_data.h"
#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref {

// Clock ids from include/uapi/linux/time.h.
enum ClockId : std::int32_t {
  kClockRealtime = 0,
  kClockMonotonic = 1,
  kClockProcessCputimeId = 2,
  kClockThreadCputimeId = 3,
  kClockMonotonicRaw = 4,
  kClockRealtimeCoarse = 5,
  kClockMonotonicCoarse = 6,
  kClockBoottime = 7,
  kClockRealtimeAlarm = 8,
  kClockBoottimeAlarm = 9,
  kClockSgiCycle = 10,  // unused by the kernel
  kClockTai = 11,
  kMaxClocks = 16,
  kClockAux = kMaxClocks,  // 7.2: CLOCK_AUX .. CLOCK_AUX + MAX_AUX_CLOCKS - 1
};

inline constexpr int kVdsoBases = kClockTai + 1;  // VDSO_BASES
inline constexpr int kCsHresCoarse = 0;           // CS_HRES_COARSE
inline constexpr int kCsRaw = 1;                  // CS_RAW
inline constexpr int kCsBases = 2;                // CS_BASES
inline constexpr int kMaxAuxClocks = 8;           // MAX_AUX_CLOCKS (7.2)
inline constexpr std::uint32_t kPageSize = 4096;

// enum vdso_clock_mode (include/vdso/clocksource.h): NONE, then the architecture's own modes
// (VDSO_ARCH_CLOCKMODES: ArchModel::ClockModes), then TIMENS = INT_MAX.
inline constexpr std::int32_t kClockModeNone = 0;
inline constexpr std::int32_t kClockModeTimens = 0x7fffffff;

// struct vdso_timestamp. In the time-namespace page the same bytes are a struct timens_offset
// { s64 sec; u64 nsec; }: use OffsetSec() to read sec with the signed interpretation.
struct VdsoTimestamp {
  std::uint64_t sec = 0;
  std::uint64_t nsec = 0;  // for high-resolution bases: nanoseconds << shift

  std::int64_t OffsetSec() const { return static_cast<std::int64_t>(sec); }
  friend bool operator==(const VdsoTimestamp&, const VdsoTimestamp&) = default;
};

// One clock base: the clock part of `struct vdso_data` (6.1, 6.12) or `struct vdso_clock` (7.2).
struct VdsoClock {
  std::uint32_t seq = 0;
  std::int32_t clock_mode = 0;
  std::uint64_t cycle_last = 0;
  std::uint64_t max_cycles = 0;  // only with overflow_protect (6.12, 7.2)
  std::uint64_t mask = 0;
  std::uint32_t mult = 0;
  std::uint32_t shift = 0;
  std::array<VdsoTimestamp, kVdsoBases> basetime{};  // union with timens_offset offset[]

  friend bool operator==(const VdsoClock&, const VdsoClock&) = default;
};

// The non-clock tail of the time data: in 6.1/6.12 it is repeated in each vdso_data[cs]
// (the kernel writes and the vDSO reads copy CS_HRES_COARSE), in 7.2 it exists once.
struct VdsoTimeTail {
  std::int32_t tz_minuteswest = 0;
  std::int32_t tz_dsttime = 0;
  std::uint32_t hrtimer_res = 0;
  std::uint32_t unused = 0;  // __unused

  friend bool operator==(const VdsoTimeTail&, const VdsoTimeTail&) = default;
};

// struct vdso_rng_data (7.2).
struct VdsoRngData {
  std::uint64_t generation = 0;
  std::uint8_t is_ready = 0;

  friend bool operator==(const VdsoRngData&, const VdsoRngData&) = default;
};

// One time-data page: the system page or the time-namespace page (same structure; in the
// namespace page clock[cs].clock_mode is kClockModeTimens, seq is 1 and basetime[] holds offsets).
struct VdsoTimePage {
  std::array<VdsoClock, kCsBases> clock{};
  std::array<VdsoClock, kMaxAuxClocks> aux_clock{};  // 7.2 only
  // tail[cs] for 6.1/6.12; 7.2 uses tail[0] only.
  std::array<VdsoTimeTail, kCsBases> tail{};
  // 6.x vdso_data[cs].arch_data, one per copy (the kernel uses copy 0); what each architecture
  // keeps there: arch_vvar_data.h.
  std::array<ArchTimeData, kCsBases> arch_in_time_data{};

  friend bool operator==(const VdsoTimePage&, const VdsoTimePage&) = default;
};

// Everything the vvar mapping holds, for one layout, page by page as a process sees them.
// The kernel swaps pages 0 and 1 for a task inside a time namespace: that task sees the namespace
// page (clock_mode TIMENS, offsets) at page 0 and the real time data at page 1. `time` and
// `timens` are named for the usual case and always mean "page 0" and "page 1".
struct VvarState {
  LayoutVariant layout;
  VdsoTimePage time;    // page 0
  VdsoTimePage timens;  // page 1
  VdsoRngData rng;  // 7.2: page 2
  ArchPages arch;   // the architecture's own pages (7.2: from page 3); arch_vvar_data.h

  friend bool operator==(const VvarState&, const VvarState&) = default;
};

}  // namespace vdsoconf::ref
