// What the generic agent needs from the architecture it runs on: the hooks, as the generic vDSO
// has them (lib/vdso/gettimeofday.c includes asm/vdso/gettimeofday.h for the counter read and
// the rest). Every core file that needs the architecture includes this header, never the
// architecture's own.
//
// An architecture supplies, in targets/<arch>/agent/guest/ (compiled into the agent together
// with the core by vdsoconf_add_guest_agent, agent/CMakeLists.txt):
//   - "agent_arch.h", included below, with what must be inline or a complete type:
//       std::uint64_t arch::ReadCounter();
//           the counter the vDSO reads (__arch_get_hw_counter), read the same way; called in
//           tight loops around vvar reads, so inline.
//       inline constexpr std::uint32_t arch::kAuditArch;
//           seccomp_data.arch of the agent's own system calls (AUDIT_ARCH_*).
//       inline constexpr const char* arch::kVdsoVersion;
//           the version every entry point is exported under (the vDSO's linker script).
//       struct arch::OwnDiffRows;
//           fixed-size storage for the differential-matrix rows of its own entry points; an
//           empty struct when it has none.
//   - the functions declared below, in its .cc files.
// System call numbers that libc's <sys/syscall.h> has (SYS_clock_gettime, ...) the core takes
// from there; only the architecture knows those of its own entry points.
#pragma once

#include <span>

#include "agent_arch.h"
#include "vdso_entries.h"

namespace vdsoconf::agent::arch {

// Every entry point of the architecture's vDSO in document order (vdso_entries.h); at most
// kMaxEntryPoints.
std::span<const EntryPoint> EntryPoints();

// vvar.dump: the architecture's own evidence of the counter's frequency, written as members of
// the probe's data object between "readable" and "current_clocksource"; the host compares the
// vvar's mult/shift with it. Nothing when the architecture has none.
void WriteCounterFrequency(JsonWriter& data);

}  // namespace vdsoconf::agent::arch
