// The entry points each generation's RISC-V vDSO exports, and what each one does in model terms.
//
// Taken from arch/riscv/kernel/vdso/vdso.lds.S (the VERSION block) and the .S/.c file defining
// each symbol, for the 64-bit native vDSO (not the rv32 compat vDSO, which lacks hwprobe and
// getrandom). Every symbol is in version LINUX_4.15 in every generation:
//   6.1:  rt_sigreturn, gettimeofday, clock_gettime, clock_getres, getcpu, flush_icache
//   6.12: + riscv_hwprobe (6.5+)
//   7.2:  + getrandom (6.16+; CONFIG_VDSO_GETRANDOM, selected by every 64-bit RISC-V kernel)
// The kernel configuration can still remove symbols: the three clock entries exist only with
// CONFIG_64BIT (vdso-syms += vgettimeofday; HAS_VGETTIMEOFDAY), which vdsoconf always has.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref {

inline constexpr std::string_view kVdsoSymbolVersion = "LINUX_4.15";

// How an entry point behaves, i.e. which part of the model predicts it.
enum class EntryBehaviour : std::uint8_t {
  // lib/vdso/gettimeofday.c via vgettimeofday.c: answered from vvar time data, else the syscall
  // `syscall_nr` with the same arguments. Modelled by the clock reader (clock_reader.h).
  kClockAlgorithm,
  // hwprobe.c: ModelVdsoHwprobe (hwprobe.h); fallback syscall `syscall_nr`.
  kHwprobe,
  // getrandom.c + vgetrandom-chacha.S: ModelVdsoGetrandom (getrandom.h); syscall `syscall_nr`.
  kGetrandom,
  // `li a7, NR; ecall; ret`: the syscall with the caller's a0..a5 unchanged, its a0 returned.
  // getcpu (getcpu.S) in every generation.
  kSyscallPassthrough,
  // flush_icache.S: with CONFIG_SMP a passthrough of syscall `syscall_nr`; without it `fence.i`
  // and return 0 (no syscall).
  kFlushIcache,
  // rt_sigreturn.S: `li a7, 139; ecall` with no `ret`: it never returns to its caller. Only
  // meaningful as the return address of a signal handler (6.1 spells the ecall `scall`: the same
  // encoding, 0x00000073).
  kSignalReturn,
};

struct EntryPoint {
  std::string_view name;     // the exported symbol, e.g. "__vdso_clock_gettime"
  std::string_view version;  // always kVdsoSymbolVersion
  EntryBehaviour behaviour;
  int syscall_nr;              // the syscall it issues directly or as its fallback (a7)
  std::string_view signature;  // the C prototype from the kernel source
  std::string_view source;     // the defining file under arch/riscv/kernel/vdso/
};

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

}  // namespace vdsoconf::ref
