// The bad-input cases of the entry points RISC-V writes itself (bad_input_behaviour.h has the
// rule behind every row and the generic vDSO's cases), and the runtime conditions they depend on.
//   getcpu         getcpu.S: the syscall itself (never faults).
//   riscv_hwprobe  vdso/hwprobe.c riscv_vdso_get_values (6.12, 7.2): answers itself when flags
//                  are 0 and either the cpu set is "all" (size 0, NULL) or the harts are
//                  homogeneous (and, 7.2, the data is ready); then the cpu set is never read, so
//                  a bad or empty set returns 0 where sys_hwprobe returns -EFAULT / -EINVAL; and
//                  `end = pairs + count` wraps for count * 16 >= 2^64, so the loop is skipped.
//   flush_icache   flush_icache.S with CONFIG_SMP: the syscall itself.
#pragma once

#include <span>
#include <string_view>

#include "vdsoconf/reference/bad_input_behaviour.h"

namespace vdsoconf::ref::riscv {

// The facts the conditions read (BadInputContext::failing_arch_facts).
// The harts are identical (arch data homogeneous_cpus): QEMU virt harts are.
inline constexpr std::string_view kHomogeneousHartsFact = "homogeneous_harts";
// 7.2's arch data `ready`, set by a late initcall, long before /init.
inline constexpr std::string_view kHwprobeReadyFact = "hwprobe_ready";

// The conditions: the vDSO answers from the arch data only when it is ready (7.2; 6.12 has no
// such flag and always answers), and ignores the cpu set only when the harts are homogeneous
// (and the data ready).
bool HwprobeReady(const BadInputContext& context);
bool HomogeneousHarts(const BadInputContext& context);

// The cases of getcpu, riscv_hwprobe and flush_icache (ArchModel::ArchBadInputCases).
std::span<const BadInputCase> BadInputCases();

// ArchModel::AssumedBadInputFacts: homogeneous harts (the live evidence's
// "homogeneous_harts_assumed"); the hwprobe data is ready long before the probe runs.
std::span<const std::string_view> AssumedBadInputFacts();

}  // namespace vdsoconf::ref::riscv
