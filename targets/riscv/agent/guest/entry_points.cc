// RISC-V's vDSO entry points (arch/riscv/kernel/vdso/vdso.lds.S), in the order the agent's
// documents list them. rt_sigreturn is not called: the kernel uses it for signal returns, which
// vdso.mremap exercises by raising a signal.
#include <sys/syscall.h>

#include <array>

#include "arch_hooks.h"
#include "own_entries.h"

namespace vdsoconf::agent::arch {
namespace {

constexpr std::array kEntryPoints{
    EntryPoint{"clock_gettime", "__vdso_clock_gettime", EntryKind::kClockGettime,
               SYS_clock_gettime},
    EntryPoint{"clock_getres", "__vdso_clock_getres", EntryKind::kClockGetres, SYS_clock_getres},
    EntryPoint{"gettimeofday", "__vdso_gettimeofday", EntryKind::kGettimeofday, SYS_gettimeofday},
    EntryPoint{"getcpu", "__vdso_getcpu", EntryKind::kGetcpu, SYS_getcpu},
    EntryPoint{"riscv_hwprobe", "__vdso_riscv_hwprobe", EntryKind::kOwn, kSysRiscvHwprobe,
               &kRiscvHwprobeHooks},
    EntryPoint{"getrandom", "__vdso_getrandom", EntryKind::kGetrandom, SYS_getrandom},
    EntryPoint{"flush_icache", "__vdso_flush_icache", EntryKind::kOwn, kSysRiscvFlushIcache,
               &kFlushIcacheHooks},
};
static_assert(kEntryPoints.size() <= kMaxEntryPoints);

}  // namespace

std::span<const EntryPoint> EntryPoints() {
  return kEntryPoints;
}

}  // namespace vdsoconf::agent::arch
