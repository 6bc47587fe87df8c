// What a RISC-V kernel must have written, derived from sources independent of the vvar pages:
// the kernel release, the device tree's timebase-frequency, the current clocksource's name.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "vdsoconf/live/vdso_checks.h"
#include "vdsoconf/reference/generation.h"

namespace vdsoconf::targets::riscv {

// The vvar layout generation a RISC-V kernel release uses, from its "major.minor" prefix
// ("7.2.13+deb14-riscv64" -> 7.2): 5.10 .. 6.4 -> kLinux6_1, 6.5 .. 6.14 -> kLinux6_12,
// 6.15 and later -> kLinux7_2. nullopt for releases before 5.10 (RISC-V had no generic vDSO
// data then) and for text that does not start with "N.N".
std::optional<ref::Generation> GenerationForRelease(std::string_view release);

// The [vvar] page count of a generation: VVAR_NR_PAGES (6.1, 6.12: 2) or VDSO_NR_PAGES (7.2: 4).
std::uint32_t VvarPageCount(ref::Generation generation);

// The entry points the 64-bit vDSO of `generation` exports, with their versions: the reference
// model's table (ref::riscv::VdsoEntryPoints, from arch/riscv/kernel/vdso/vdso.lds.S):
// rt_sigreturn, gettimeofday, clock_gettime, clock_getres, getcpu, flush_icache (every generation),
// riscv_hwprobe (6.12, 7.2), getrandom (7.2), all LINUX_4.15.
std::vector<live::ExpectedSymbol> ExpectedVdsoSymbols(ref::Generation generation);

struct MultShift {
  std::uint32_t mult = 0;
  std::uint32_t shift = 0;
  friend bool operator==(const MultShift&, const MultShift&) = default;
};

// kernel/time/clocksource.c clocks_calc_mult_shift(): the (mult, shift) converting `from` Hz
// ticks to `to` Hz units with the best accuracy such that maxsec seconds of ticks times mult fit
// in 64 bits. Requires from > 0 (0 returns {0, 0}).
MultShift ClocksCalcMultShift(std::uint32_t from, std::uint32_t to, std::uint32_t maxsec);

// clocksource_max_adjustment(): 11% of mult, the most NTP may move a clocksource's mult.
std::uint32_t ClocksourceMaxAdjustment(std::uint32_t mult);

// What clocksource_register_hz(&riscv_clocksource, timebase) leaves in the clocksource (and so
// in the timekeeper's raw clock, tk->tkr_raw): __clocksource_update_freq_scale() with scale 1
// and mask CLOCKSOURCE_MASK(64) (maxsec 600), including its loop that halves mult while
// mult +- maxadj would overflow. Requires 0 < timebase <= UINT32_MAX (else {0, 0}).
MultShift RiscvClocksourceMultShift(std::uint64_t timebase);

// The vdso_clock_mode the kernel stores for the current clocksource: VDSO_CLOCKMODE_ARCHTIMER
// (1) for "riscv_clocksource" (drivers/clocksource/timer-riscv.c with GENERIC_GETTIMEOFDAY),
// VDSO_CLOCKMODE_NONE (0) for any other clocksource (e.g. "jiffies" before the timer probes).
std::int32_t ExpectedClockMode(std::string_view clocksource);

}  // namespace vdsoconf::targets::riscv
