// Hand-built vvar pages in the Linux 7.2 layout (include/vdso/datapage.h, RISC-V, no
// CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT, as Debian's 7.2.13 kernel is built): 4 pages, the first
// holding struct vdso_time_data { clock_data[CS_BASES]; aux_clock_data[8]; tz_minuteswest;
// tz_dsttime; hrtimer_res; }. Stands in until the shared codec (reference/vvar_codec.h) lands.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace vdsoconf::testing {

struct Vvar72 {
  static constexpr std::uint32_t kPages = 4;
  static constexpr std::uint32_t kClockSize = 32 + 12 * 16;  // sizeof(struct vdso_clock)
  static constexpr std::uint32_t kSeq = 0, kClockMode = 4, kCycleLast = 8, kMask = 16, kMult = 24,
                                 kShift = 28, kBasetime = 32;
  static constexpr std::uint32_t kHrtimerRes = (2 + 8) * kClockSize + 8;
  static constexpr int kCsHres = 0, kCsRaw = 1;

  std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(kPages * 4096, 0);

  static std::uint32_t ClockOffset(int cs) { return static_cast<std::uint32_t>(cs) * kClockSize; }
  static std::uint32_t SeqOffset(int cs) { return ClockOffset(cs) + kSeq; }

  template <typename T>
  void Put(std::uint32_t offset, T value) {
    std::memcpy(bytes.data() + offset, &value, sizeof value);
  }

  // A clock base as update_vsyscall() leaves it (seq even, ARCHTIMER mode).
  void SetClock(int cs, std::uint32_t seq, std::int32_t mode, std::uint64_t cycle_last,
                std::uint64_t mask, std::uint32_t mult, std::uint32_t shift) {
    const std::uint32_t at = ClockOffset(cs);
    Put(at + kSeq, seq);
    Put(at + kClockMode, mode);
    Put(at + kCycleLast, cycle_last);
    Put(at + kMask, mask);
    Put(at + kMult, mult);
    Put(at + kShift, shift);
  }
  // basetime[clock_id] = {sec, nsec_shifted}; nsec_shifted is nanoseconds << shift.
  void SetBasetime(int cs, int clock_id, std::uint64_t sec, std::uint64_t nsec_shifted) {
    const std::uint32_t at =
        ClockOffset(cs) + kBasetime + static_cast<std::uint32_t>(clock_id) * 16;
    Put(at, sec);
    Put(at + 8, nsec_shifted);
  }
};

inline std::vector<std::uint8_t> LittleEndian32(std::uint32_t v) {
  std::vector<std::uint8_t> out(4);
  std::memcpy(out.data(), &v, 4);
  return out;
}

}  // namespace vdsoconf::testing
