// Runs the kernel's own kernel/time/vsyscall.c (copied next to this file's build by run.sh, so
// that its "timekeeping_internal.h" resolves to the shim) on a page given as a flat description.
// Compiled once per generation/config with PFX() naming the entry point.
#include <linux/kconfig.h>
#include <linux/types.h>
#include <string.h>

#include "flat.h"
#include "vsyscall.c"

unsigned int hrtimer_resolution;
struct timezone sys_tz;
raw_spinlock_t timekeeper_lock;
static unsigned char wbuf[4096] __attribute__((aligned(4096)));
#ifdef DIFF_NEW
struct vdso_time_data* vdso_k_time_data = (struct vdso_time_data*)wbuf;
#else
struct vdso_data* vdso_data = (struct vdso_data*)wbuf;
#endif

#include "kstructs.h"

static void tkr(struct tk_read_base* t, struct clocksource* cs, const struct flat_tkr* f,
                int mode) {
  cs->vdso_clock_mode = mode;
  cs->max_cycles = f->max_cycles;
  t->clock = cs;
  t->cycle_last = f->cycle_last;
  t->mask = f->mask;
  t->mult = f->mult;
  t->shift = f->shift;
  t->xtime_nsec = f->xtime_nsec;
}

void PFX(update)(const struct flat_tk* f, struct flat_page* page, int what, int aux_index) {
  struct clocksource mono_cs, raw_cs;
  struct timekeeper tk;
  memset(&tk, 0, sizeof tk);
  tkr(&tk.tkr_mono, &mono_cs, &f->mono, f->clock_mode);
  tkr(&tk.tkr_raw, &raw_cs, &f->raw, f->clock_mode);
  tk.xtime_sec = f->xtime_sec;
  tk.raw_sec = f->raw_sec;
  tk.wall_to_monotonic.tv_sec = f->wtm_sec;
  tk.wall_to_monotonic.tv_nsec = f->wtm_nsec;
  tk.monotonic_to_boot.tv_sec = f->mtb_sec;
  tk.monotonic_to_boot.tv_nsec = f->mtb_nsec;
  tk.monotonic_to_aux.tv_sec = f->mta_sec;
  tk.monotonic_to_aux.tv_nsec = f->mta_nsec;
  tk.tai_offset = f->tai_offset;
  tk.coarse_nsec = f->coarse_nsec;
  tk.clock_valid = f->clock_valid;
  tk.id = TIMEKEEPER_AUX_FIRST + aux_index;
  hrtimer_resolution = f->hrtimer_resolution;
  sys_tz.tz_minuteswest = f->tz_mw;
  sys_tz.tz_dsttime = f->tz_dst;
  memset(wbuf, 0, sizeof wbuf);
  page_to_kernel(wbuf, page);
  if (what == 0) update_vsyscall(&tk);
  if (what == 1) update_vsyscall_tz();
#if defined(DIFF_NEW) && defined(DIFF_AUX)
  if (what == 2) vdso_time_update_aux(&tk);
#endif
  page_to_flat(page, wbuf);
}
