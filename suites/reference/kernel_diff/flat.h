// A layout-neutral copy of the vvar fields the readers use, shared by harness.cc (C++, from a
// VvarState) and wrap.c (C, into the kernel's own structs).
#pragma once
#include <stdint.h>
struct flat_clock {
  uint32_t seq;
  int32_t mode;
  uint64_t cycle_last, max_cycles, mask;
  uint32_t mult, shift;
  uint64_t sec[12], nsec[12];
};
struct flat_page {
  struct flat_clock clock[2];
  struct flat_clock aux[8];
  int32_t tz_mw, tz_dst;
  uint32_t hrtimer_res;
};
struct flat_state {
  struct flat_page page[2];
};
struct flat_out {
  int ret;
  int fallback_nr;
  int spun;
  long long a, b;
  int c, d;
};
/* Writer input: struct timekeeper fields (see timekeeper_writer.h), one core and one aux. */
struct flat_tkr {
  uint64_t cycle_last, mask;
  uint32_t mult, shift;
  uint64_t xtime_nsec, max_cycles;
};
struct flat_tk {
  struct flat_tkr mono, raw;
  int32_t clock_mode;
  uint64_t xtime_sec, raw_sec;
  int64_t wtm_sec, wtm_nsec, mtb_sec, mtb_nsec, mta_sec, mta_nsec;
  int32_t tai_offset;
  uint32_t coarse_nsec, hrtimer_resolution;
  int32_t tz_mw, tz_dst;
  int clock_valid;
};
#ifdef __cplusplus
extern "C" {
#endif
void k61_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
              struct flat_out* out);
void k612_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
               struct flat_out* out);
void k612o_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
                struct flat_out* out);
void k72_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
              struct flat_out* out);
void k72o_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
               struct flat_out* out);
void k72a_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
               struct flat_out* out);
void k72ao_call(const struct flat_state* s, int fn, int clock, uint64_t counter,
                struct flat_out* out);
/* what: 0 update_vsyscall, 1 update_vsyscall_tz, 2 vdso_time_update_aux(aux_index) (7.2). */
void w61_update(const struct flat_tk* tk, struct flat_page* page, int what, int aux_index);
void w612_update(const struct flat_tk* tk, struct flat_page* page, int what, int aux_index);
void w612o_update(const struct flat_tk* tk, struct flat_page* page, int what, int aux_index);
void w72_update(const struct flat_tk* tk, struct flat_page* page, int what, int aux_index);
void w72o_update(const struct flat_tk* tk, struct flat_page* page, int what, int aux_index);
#ifdef __cplusplus
}
#endif
