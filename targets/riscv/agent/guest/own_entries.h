// The entry points only RISC-V's vDSO exports, with the hooks the generic probes call for them
// (agent/guest/vdso_entries.h): __vdso_riscv_hwprobe (6.12 and later) and __vdso_flush_icache.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch_hooks.h"

namespace vdsoconf::agent::arch {

using RiscvHwprobe = long (*)(void* pairs, std::size_t pair_count, std::size_t cpusetsize,
                              unsigned long* cpus, unsigned flags);
using FlushIcache = long (*)(void* start, void* end, unsigned long flags);

extern const OwnEntryHooks kRiscvHwprobeHooks;  // riscv_hwprobe_hooks.cc
extern const OwnEntryHooks kFlushIcacheHooks;   // flush_icache_hooks.cc

}  // namespace vdsoconf::agent::arch
