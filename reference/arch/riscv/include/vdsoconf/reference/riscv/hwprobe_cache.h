// RISC-V's own data in the vvar pages: the hwprobe cache.
//
// `struct arch_vdso_data` (6.12: inside each vdso_data[cs].arch_data, vvar pages 0 and 1) or
// `struct vdso_arch_data` (7.2: the arch page, VDSO_ARCH_PAGES_START). The generic VvarState holds
// it as the RISC-V member of its architecture data (vdsoconf/reference/arch_vvar_data.h);
// layout_riscv.cc maps it to the kernel's bytes and vvar_data_riscv.cc names its members for the
// codec. RISCV_HWPROBE_MAX_KEY is 9 in 6.12, 16 in 7.2.
#pragma once

#include <array>
#include <cstdint>

namespace vdsoconf::ref::riscv {

inline constexpr int kMaxHwprobeKeys = 64;  // room for future generations; codec checks the count

struct HwprobeCache {
  std::array<std::uint64_t, kMaxHwprobeKeys> all_cpu_hwprobe_values{};
  std::uint8_t homogeneous_cpus = 0;
  std::uint8_t ready = 0;  // 7.2 only

  friend bool operator==(const HwprobeCache&, const HwprobeCache&) = default;
};

}  // namespace vdsoconf::ref::riscv
