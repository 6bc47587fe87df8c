/* Writer build: the fields of struct timekeeper (and its clocksource) that kernel/time/vsyscall.c
 * reads, under the kernel's names, so the file compiles unchanged. */
#pragma once
#include <linux/types.h>
#include <vdso/time64.h>
#include <vdso/math64.h>
struct clocksource { int vdso_clock_mode; u64 max_cycles; };
struct tk_read_base { struct clocksource *clock; u64 mask; u64 cycle_last; u32 mult; u32 shift; u64 xtime_nsec; };
struct timespec64 { s64 tv_sec; long tv_nsec; };
struct timekeeper {
  struct tk_read_base tkr_mono, tkr_raw;
  u64 xtime_sec, raw_sec;
  struct timespec64 wall_to_monotonic, monotonic_to_boot, monotonic_to_aux;
  s32 tai_offset;
  u32 coarse_nsec;
  unsigned int id;
  bool clock_valid;
};
#define TIMEKEEPER_AUX_FIRST 1
extern struct timezone sys_tz;
