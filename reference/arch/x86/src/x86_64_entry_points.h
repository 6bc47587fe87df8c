// The entry points x86_64's 64-bit vDSO exports in each generation
// (arch/x86/entry/vdso/vdso.lds.S; 7.2: vdso64/vdso64.lds.S), each in version LINUX_2.6 under
// its __vdso_ name (the unprefixed aliases are the same code):
//   6.1:  clock_gettime, gettimeofday, getcpu, time, clock_getres
//   6.12: + getrandom (6.11+)
//   7.2:  the same
// Entries that only some configurations export (__vdso_sgx_enter_enclave with CONFIG_X86_SGX,
// 7.2's __vdso_futex_robust_list*_try_unlock with CONFIG_FUTEX_ROBUST_UNLOCK) are not listed:
// the model does not describe them. Syscall numbers: arch/x86/entry/syscalls/syscall_64.tbl.
#pragma once

#include <span>
#include <string_view>

#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref::x86 {

std::span<const EntryPoint> VdsoEntryPoints(Generation generation);

// x86's own entries: getcpu, answered with RDPID or LSL from the per-CPU segment limit
// (arch/x86/include/asm/segment.h vdso_read_cpunode), never with a syscall.
bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp);

}  // namespace vdsoconf::ref::x86
