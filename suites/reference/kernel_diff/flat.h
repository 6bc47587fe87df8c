// A layout-neutral copy of the vvar fields the readers use, shared by harness.cc (C++, from a
// VvarState) and wrap.c (C, into the kernel's own structs).
#pragma once
#include <stdint.h>
struct flat_clock { uint32_t seq; int32_t mode; uint64_t cycle_last, max_cycles, mask; uint32_t mult, shift; uint64_t sec[12], nsec[12]; };
struct flat_page { struct flat_clock clock[2]; struct flat_clock aux[8]; int32_t tz_mw, tz_dst; uint32_t hrtimer_res; };
struct flat_state { struct flat_page page[2]; };
struct flat_out { int ret; int fallback_nr; int spun; long long a, b; int c, d; };
#ifdef __cplusplus
extern "C" {
#endif
void k61_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k612_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k612o_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k72_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k72o_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k72a_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
void k72ao_call(const struct flat_state *s, int fn, int clock, uint64_t counter, struct flat_out *out);
#ifdef __cplusplus
}
#endif
