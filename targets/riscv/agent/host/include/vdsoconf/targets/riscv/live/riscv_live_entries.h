// The entry points RISC-V's guest agent calls, in the order of its documents
// (targets/riscv/agent/guest/entry_points.cc), with the host's checks of RISC-V's own ones:
//   riscv_hwprobe  vdso.diff: return value, pairs and the cpu set after the call equal the
//                  syscall's (case, flags, cpusetsize and cpus are the inputs); vdso.fallback:
//                  the case, flags 0 and no cpu set are the inputs; reads [vvar] (the arch data).
//   flush_icache   vdso.diff: the return value equals the syscall's; reads no [vvar].
#pragma once

#include <span>

#include "vdsoconf/live/own_entry_checks.h"

namespace vdsoconf::targets::riscv {

// clock_gettime, clock_getres, gettimeofday, getcpu, riscv_hwprobe, getrandom, flush_icache.
std::span<const live::LiveEntry> LiveEntries();

}  // namespace vdsoconf::targets::riscv
