// kernel/time/vsyscall.c and the time-namespace page setup, one function per kernel routine.
// All arithmetic is u64 modulo 2^64 like the kernel's.
#include "vdsoconf/reference/timekeeper_writer.h"

#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::ref {
namespace {

std::uint64_t U64(std::int64_t value) {
  return static_cast<std::uint64_t>(value);
}

// The kernel's `while (nsec >= NSEC_PER_SEC << shift) { nsec -= ...; sec++; }`, in O(1).
void NormaliseShifted(std::uint64_t* sec, std::uint64_t* nsec, std::uint32_t shift) {
  const std::uint64_t one_second = kNsecPerSec << (shift & 63u);
  if (one_second == 0) return;  // shift so large the kernel's loop bound is 0: never happens
  *sec += *nsec / one_second;
  *nsec %= one_second;
}

// fill_clock_configuration() (7.2) / the open-coded copies of update_vdso_data() (6.x).
void FillClockConfiguration(LayoutVariant layout, const TkReadBase& base, VdsoClock& clock) {
  clock.cycle_last = base.cycle_last;
  if (layout.overflow_protect) clock.max_cycles = base.max_cycles;
  clock.mask = base.mask;
  clock.mult = base.mult;
  clock.shift = base.shift;
}

// update_vdso_data() (6.1, 6.12) / update_vdso_time_data() (7.2): identical arithmetic.
void UpdateHighResolution(LayoutVariant layout, const Timekeeper& tk, VdsoTimePage& page) {
  VdsoClock& hres = page.clock[kCsHresCoarse];
  VdsoClock& raw = page.clock[kCsRaw];
  FillClockConfiguration(layout, tk.tkr_mono, hres);
  FillClockConfiguration(layout, tk.tkr_raw, raw);
  const std::uint32_t shift = tk.tkr_mono.shift;

  // CLOCK_MONOTONIC
  std::uint64_t sec = tk.xtime_sec + U64(tk.wall_to_monotonic.tv_sec);
  std::uint64_t nsec = tk.tkr_mono.xtime_nsec + (U64(tk.wall_to_monotonic.tv_nsec) << shift);
  NormaliseShifted(&sec, &nsec, shift);
  hres.basetime[kClockMonotonic] = {sec, nsec};

  // CLOCK_BOOTTIME: MONOTONIC plus the boot offset
  sec += U64(tk.monotonic_to_boot.tv_sec);
  nsec += U64(tk.monotonic_to_boot.tv_nsec) << shift;
  NormaliseShifted(&sec, &nsec, shift);
  hres.basetime[kClockBoottime] = {sec, nsec};

  raw.basetime[kClockMonotonicRaw] = {tk.raw_sec, tk.tkr_raw.xtime_nsec};
  hres.basetime[kClockTai] = {tk.xtime_sec + U64(tk.tai_offset), tk.tkr_mono.xtime_nsec};
}

}  // namespace

void VdsoWriteBegin(VdsoTimePage& page) {
  page.clock[kCsHresCoarse].seq += 1;
  page.clock[kCsRaw].seq += 1;
}

void VdsoWriteEnd(VdsoTimePage& page) {
  page.clock[kCsHresCoarse].seq += 1;
  page.clock[kCsRaw].seq += 1;
}

void UpdateVsyscallData(LayoutVariant layout, const Timekeeper& tk, VdsoTimePage& page) {
  VdsoClock& hres = page.clock[kCsHresCoarse];
  hres.clock_mode = tk.clock_mode;
  page.clock[kCsRaw].clock_mode = tk.clock_mode;

  hres.basetime[kClockRealtime] = {tk.xtime_sec, tk.tkr_mono.xtime_nsec};

  // The coarse clocks hold plain nanoseconds: 7.2 keeps them in tk->coarse_nsec, older kernels
  // derive them from xtime_nsec.
  const std::uint64_t coarse_nsec = layout.generation == Generation::kLinux7_2
                                        ? tk.coarse_nsec
                                        : tk.tkr_mono.xtime_nsec >> (tk.tkr_mono.shift & 63u);
  hres.basetime[kClockRealtimeCoarse] = {tk.xtime_sec, coarse_nsec};

  // MONOTONIC_COARSE: sec += __iter_div_u64_rem(nsec, NSEC_PER_SEC, &nsec) (u32 quotient).
  const std::uint64_t mono_nsec = coarse_nsec + U64(tk.wall_to_monotonic.tv_nsec);
  const KernelTimespec mono =
      SetTimespec(tk.xtime_sec + U64(tk.wall_to_monotonic.tv_sec), mono_nsec);
  hres.basetime[kClockMonotonicCoarse] = {U64(mono.tv_sec), U64(mono.tv_nsec)};

  page.tail[0].hrtimer_res = tk.hrtimer_resolution;

  if (tk.clock_mode != kClockModeNone) UpdateHighResolution(layout, tk, page);
}

void UpdateVsyscall(LayoutVariant layout, const Timekeeper& tk, VdsoTimePage& page) {
  VdsoWriteBegin(page);
  UpdateVsyscallData(layout, tk, page);
  VdsoWriteEnd(page);
}

void UpdateVsyscallTz(const SysTz& tz, VdsoTimePage& page) {
  page.tail[0].tz_minuteswest = tz.tz_minuteswest;
  page.tail[0].tz_dsttime = tz.tz_dsttime;
}

void VdsoTimeUpdateAux(LayoutVariant layout, int index, const AuxTimekeeper& tk,
                       VdsoTimePage& page) {
  if (index < 0 || index >= kMaxAuxClocks) return;
  VdsoClock& clock = page.aux_clock[static_cast<std::size_t>(index)];
  const std::int32_t clock_mode = tk.clock_valid ? tk.clock_mode : kClockModeNone;
  clock.seq += 1;  // vdso_write_begin_clock()
  clock.clock_mode = clock_mode;
  if (clock_mode != kClockModeNone) {
    FillClockConfiguration(layout, tk.tkr_mono, clock);
    const std::uint32_t shift = tk.tkr_mono.shift & 63u;
    // sec += __iter_div_u64_rem((xtime_nsec >> shift) + monotonic_to_aux.tv_nsec, ...), then the
    // remainder is shifted back up.
    const std::uint64_t nsec = (tk.tkr_mono.xtime_nsec >> shift) + U64(tk.monotonic_to_aux.tv_nsec);
    const KernelTimespec split = SetTimespec(tk.xtime_sec + U64(tk.monotonic_to_aux.tv_sec), nsec);
    clock.basetime[0] = {U64(split.tv_sec), U64(split.tv_nsec) << shift};
  }
  clock.seq += 1;  // vdso_write_end_clock()
}

VdsoTimePage TimensVvarPage(LayoutVariant layout, bool posix_aux_clocks,
                            const TimensOffsets& offsets) {
  const VdsoTimestamp monotonic{U64(offsets.monotonic.tv_sec), U64(offsets.monotonic.tv_nsec)};
  const VdsoTimestamp boottime{U64(offsets.boottime.tv_sec), U64(offsets.boottime.tv_nsec)};
  const auto setup = [&](VdsoClock& clock) {
    clock.seq = 1;
    clock.clock_mode = kClockModeTimens;
    clock.basetime[kClockMonotonic] = monotonic;
    clock.basetime[kClockMonotonicRaw] = monotonic;
    clock.basetime[kClockMonotonicCoarse] = monotonic;
    clock.basetime[kClockBoottime] = boottime;
    clock.basetime[kClockBoottimeAlarm] = boottime;
  };
  VdsoTimePage page;  // alloc_page(... | __GFP_ZERO)
  for (VdsoClock& clock : page.clock) setup(clock);
  if (layout.generation == Generation::kLinux7_2 && posix_aux_clocks) {
    for (VdsoClock& clock : page.aux_clock) setup(clock);
  }
  return page;
}

VvarState InTimeNamespace(const VvarState& host, const VdsoTimePage& namespace_page) {
  VvarState view = host;
  view.timens = host.time;
  view.time = namespace_page;
  return view;
}

}  // namespace vdsoconf::ref
