// The writer side: how the kernel turns its timekeeper into vvar contents.
//
// Models kernel/time/vsyscall.c (update_vsyscall(), update_vdso_data() / 7.2's
// update_vdso_time_data(), update_vsyscall_tz(), 7.2's vdso_time_update_aux()), the seqlock
// writes of include/vdso/helpers.h (vdso_write_begin()/vdso_write_end(): both CS_* seqs + 1, so
// odd while writing) and the time-namespace page of kernel/time/namespace.c (6.1, 6.12) /
// namespace_vdso.c (7.2): timens_setup_vdso_data().
//
// Generation differences the writer reproduces:
//   - REALTIME_COARSE/MONOTONIC_COARSE nsec: 6.1/6.12 use tkr_mono.xtime_nsec >> shift, 7.2 uses
//     tk->coarse_nsec.
//   - max_cycles (clocksource max_cycles) is written only with overflow protection (6.12, 7.2).
//   - 7.2 writes aux clocks (vdso_time_update_aux) and sets up the aux clocks of the namespace
//     page when CONFIG_POSIX_AUX_CLOCKS is on.
// In every generation, with clock_mode NONE the writer updates clock_mode, REALTIME (base only),
// the coarse bases and hrtimer_res, but leaves cycle_last/mult/shift/mask and MONOTONIC,
// BOOTTIME, RAW, TAI as they were ("spare the update of the high resolution parts").
//
// The writer changes only the real data page (VvarState::time for a task outside a namespace).
#pragma once

#include <cstdint>

#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

// struct timespec64.
struct Timespec64 {
  std::int64_t tv_sec = 0;
  std::int64_t tv_nsec = 0;  // long; the kernel keeps it in [0, 1e9)
};

// The parts of struct tk_read_base (and of its clocksource) the vDSO data is made from.
struct TkReadBase {
  std::uint64_t cycle_last = 0;
  std::uint64_t mask = 0;
  std::uint32_t mult = 0;
  std::uint32_t shift = 0;
  std::uint64_t xtime_nsec = 0;  // shifted nanoseconds
  std::uint64_t max_cycles = 0;  // clock->max_cycles
};

// The parts of struct timekeeper that update_vsyscall() reads.
struct Timekeeper {
  TkReadBase tkr_mono;
  TkReadBase tkr_raw;
  // tkr_mono.clock->vdso_clock_mode. NONE unless the caller says which counter runs: a clock the
  // vDSO reads has the architecture's mode (ArchModel::CounterClockMode).
  std::int32_t clock_mode = kClockModeNone;
  std::uint64_t xtime_sec = 0;
  std::uint64_t raw_sec = 0;
  Timespec64 wall_to_monotonic;
  Timespec64 monotonic_to_boot;
  std::int32_t tai_offset = 0;
  std::uint32_t coarse_nsec = 0;  // 7.2 only: plain nanoseconds for the coarse clocks
  std::uint32_t hrtimer_resolution = 1;
};

// One auxiliary timekeeper (7.2, struct timekeeper with id TIMEKEEPER_AUX_FIRST + index).
struct AuxTimekeeper {
  bool clock_valid = false;
  std::int32_t clock_mode = kClockModeNone;  // as Timekeeper::clock_mode
  TkReadBase tkr_mono;
  std::uint64_t xtime_sec = 0;
  Timespec64 monotonic_to_aux;
};

// sys_tz.
struct SysTz {
  std::int32_t tz_minuteswest = 0;
  std::int32_t tz_dsttime = 0;
};

// struct time_namespace offsets (timens_offsets: monotonic and boottime).
struct TimensOffsets {
  Timespec64 monotonic;
  Timespec64 boottime;
};

// vdso_write_begin() / vdso_write_end(): clock[CS_HRES_COARSE].seq and clock[CS_RAW].seq + 1.
void VdsoWriteBegin(VdsoTimePage& page);
void VdsoWriteEnd(VdsoTimePage& page);

// The body of update_vsyscall() between the seq writes. Exposed so that a test or executor can
// show a reader the half-written page (call VdsoWriteBegin, this, then VdsoWriteEnd).
void UpdateVsyscallData(LayoutVariant layout, const Timekeeper& tk, VdsoTimePage& page);

// update_vsyscall(): begin, data, end. Leaves both seqs 2 higher.
void UpdateVsyscall(LayoutVariant layout, const Timekeeper& tk, VdsoTimePage& page);

// update_vsyscall_tz(): tail[CS_HRES_COARSE] tz fields, no seqlock.
void UpdateVsyscallTz(const SysTz& tz, VdsoTimePage& page);

// vdso_time_update_aux() (7.2): aux_clock[index] with its own seq (vdso_write_begin_clock /
// vdso_write_end_clock). Requires 0 <= index < kMaxAuxClocks; other indices are ignored.
// An invalid aux clock (clock_valid false) gets clock_mode NONE and keeps its old data.
void VdsoTimeUpdateAux(LayoutVariant layout, int index, const AuxTimekeeper& tk,
                       VdsoTimePage& page);

// timens_set_vvar_page(): a fresh (zeroed) namespace page whose clock[CS_HRES_COARSE] and
// clock[CS_RAW] (and, for 7.2 with posix_aux_clocks, every aux clock) have seq 1, clock_mode
// TIMENS and offset[MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE] = monotonic,
// offset[BOOTTIME, BOOTTIME_ALARM] = boottime.
VdsoTimePage TimensVvarPage(LayoutVariant layout, bool posix_aux_clocks,
                            const TimensOffsets& offsets);

// What a task inside the namespace sees: page 0 is the namespace page, page 1 the real data
// (host.time). rng and arch pages are unchanged.
VvarState InTimeNamespace(const VvarState& host, const VdsoTimePage& namespace_page);

}  // namespace vdsoconf::ref
