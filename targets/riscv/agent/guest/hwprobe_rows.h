// riscv_hwprobe in the differential matrix: the rows of vdso.diff, fixed-size so that the matrix
// can be filled in a vfork child (agent/guest/diff_matrix.h). Written as
//   "riscv_hwprobe": [{"case": "...", "flags": N, "cpusetsize": N, "cpus": N,
//                      "syscall": H, "vdso": H}]
//   H: {"ret": N, "pairs": [[key, value], ...], "cpus_after": N}
#pragma once

#include <cstddef>
#include <cstdint>

namespace vdsoconf::agent::arch {

// __NR_riscv_hwprobe and __NR_riscv_flush_icache, absent from older libc headers.
inline constexpr long kSysRiscvHwprobe = 258;
inline constexpr long kSysRiscvFlushIcache = 259;

inline constexpr std::size_t kHwprobeKeyCount = 19;  // keys -1, 0..17
inline constexpr std::size_t kHwprobeCaseCount = 4;

struct HwprobeAnswer {
  std::int64_t ret = 0;
  std::int64_t keys[kHwprobeKeyCount] = {};
  std::uint64_t values[kHwprobeKeyCount] = {};
  std::uint64_t cpus_after = 0;  // the first 64 CPUs of the set after the call
};

struct HwprobeRow {
  const char* name = "";
  std::uint32_t flags = 0;
  std::uint64_t cpusetsize = 0;
  std::uint64_t cpus = 0;  // the set passed in (cpusetsize 0: NULL)
  std::size_t pair_count = 0;
  HwprobeAnswer syscall, vdso;
};

}  // namespace vdsoconf::agent::arch
