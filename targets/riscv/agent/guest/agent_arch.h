// RISC-V's inline hooks for the generic guest agent (agent/guest/arch_hooks.h says what each is).
#pragma once

#include <linux/audit.h>

#include <cstdint>

#include "hwprobe_rows.h"

namespace vdsoconf::agent::arch {

// The `time` CSR: the counter the vDSO reads (__arch_get_hw_counter is csr_read(CSR_TIME)).
inline std::uint64_t ReadCounter() {
  std::uint64_t value;
  asm volatile("rdtime %0" : "=r"(value));
  return value;
}

inline constexpr std::uint32_t kAuditArch = AUDIT_ARCH_RISCV64;

// Every RISC-V vDSO entry point is defined under LINUX_4.15 (arch/riscv/kernel/vdso/vdso.lds.S).
inline constexpr const char* kVdsoVersion = "LINUX_4.15";

// The differential-matrix rows of riscv_hwprobe and flush_icache (own_entries.h).
struct OwnDiffRows {
  HwprobeRow riscv_hwprobe[kHwprobeCaseCount];
  std::int64_t flush_icache_syscall = 0;
  std::int64_t flush_icache_vdso = 0;
};

}  // namespace vdsoconf::agent::arch
