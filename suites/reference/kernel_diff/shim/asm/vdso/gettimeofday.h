#pragma once
/* Harness hooks: the counter comes from a global, fallbacks record the syscall number. */
extern u64 diff_counter;
extern int diff_fallback_nr;
extern long diff_spins;
#define VDSO_HAS_CLOCK_GETRES 1
#define DIFF_FALLBACK_RET (-999)
static inline long gettimeofday_fallback(struct __kernel_old_timeval *tv, struct timezone *tz)
{ diff_fallback_nr = 169; return DIFF_FALLBACK_RET; }
static inline long clock_gettime_fallback(clockid_t c, struct __kernel_timespec *ts)
{ diff_fallback_nr = 113; return DIFF_FALLBACK_RET; }
static inline int clock_getres_fallback(clockid_t c, struct __kernel_timespec *ts)
{ diff_fallback_nr = 114; return DIFF_FALLBACK_RET; }
#ifdef DIFF_NEW
static inline u64 __arch_get_hw_counter(s32 mode, const struct vdso_time_data *vd) { return diff_counter; }
#else
extern const void *diff_pages;
static inline u64 __arch_get_hw_counter(s32 mode, const struct vdso_data *vd) { return diff_counter; }
static inline const struct vdso_data *__arch_get_vdso_data(void) { return diff_pages; }
static inline const struct vdso_data *__arch_get_timens_vdso_data(const struct vdso_data *vd)
{ return (const struct vdso_data *)((const char *)diff_pages + PAGE_SIZE); }
#endif
