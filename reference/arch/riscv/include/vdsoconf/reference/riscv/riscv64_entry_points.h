// The entry points each generation's RISC-V vDSO exports, and what RISC-V's own ones do.
//
// Taken from arch/riscv/kernel/vdso/vdso.lds.S (the VERSION block) and the .S/.c file defining
// each symbol, for the 64-bit native vDSO (not the rv32 compat vDSO, which lacks hwprobe and
// getrandom). Every symbol is in version LINUX_4.15 in every generation:
//   6.1:  rt_sigreturn, gettimeofday, clock_gettime, clock_getres, getcpu, flush_icache
//   6.12: + riscv_hwprobe (6.5+)
//   7.2:  + getrandom (6.16+; CONFIG_VDSO_GETRANDOM, selected by every 64-bit RISC-V kernel)
// The kernel configuration can still remove symbols: the three clock entries exist only with
// CONFIG_64BIT (vdso-syms += vgettimeofday; HAS_VGETTIMEOFDAY), which vdsoconf always has.
// What each does (ref::EntryBehaviour):
//   gettimeofday, clock_gettime, clock_getres  kClockAlgorithm (vgettimeofday.c)
//   getrandom      kGetrandom (getrandom.c + vgetrandom-chacha.S)
//   getcpu         kSyscallPassthrough: getcpu.S is `li a7, NR; ecall; ret`, the syscall with
//                  the caller's a0..a5 unchanged, its a0 returned
//   rt_sigreturn   kSignalReturn: rt_sigreturn.S is `li a7, 139; ecall` with no `ret` (6.1
//                  spells the ecall `scall`: the same encoding, 0x00000073)
//   riscv_hwprobe  kArchOwn: hwprobe.c, ModelVdsoHwprobe (hwprobe.h); fallback syscall 258
//   flush_icache   kArchOwn: flush_icache.S, ModelVdsoFlushIcache below
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref::riscv {

inline constexpr std::string_view kVdsoSymbolVersion = "LINUX_4.15";
inline constexpr std::string_view kHwprobeSymbol = "__vdso_riscv_hwprobe";
inline constexpr std::string_view kFlushIcacheSymbol = "__vdso_flush_icache";

// The entry points of `generation`, in vdso.lds.S order. Never empty.
std::span<const EntryPoint> VdsoEntryPoints(Generation generation);

// The entry point named `name` in `generation`, or nullptr if that vDSO does not export it.
const EntryPoint* FindVdsoEntryPoint(Generation generation, std::string_view name);

// What __vdso_flush_icache(start, end, flags) does: with SMP the riscv_flush_icache syscall
// (259) with the arguments unchanged; without SMP a local `fence.i` and return value 0.
struct FlushIcacheBehaviour {
  bool issues_syscall;
  int syscall_nr;             // 259 when issues_syscall, else 0
  std::int64_t return_value;  // 0 when !issues_syscall; otherwise the syscall's
};
FlushIcacheBehaviour ModelVdsoFlushIcache(bool config_smp);

// ArchModel::OwnEntryIssuesSyscall for RISC-V: flush_icache as ModelVdsoFlushIcache;
// riscv_hwprobe answers all keys with no cpu set and flags 0 itself (hwprobe.h: get_values falls
// back only for flags, a cpu set on heterogeneous harts, or 7.2 data not ready).
bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp);

}  // namespace vdsoconf::ref::riscv
