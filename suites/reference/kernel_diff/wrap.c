// Builds the kernel's vdso structures from a flat description and calls the kernel's own
// __cvdso_* entry points (lib/vdso/gettimeofday.c of the tree on the include path). Compiled once
// per generation/config with PFX() naming the entry point; see run.sh.
#include <linux/kconfig.h>
#include <linux/types.h>
#include <string.h>

#include <lib/vdso/gettimeofday.c>

#include "flat.h"

static unsigned char buf[4 * 4096] __attribute__((aligned(4096)));

#include "kstructs.h"

static void fill(const struct flat_state* s) {
  memset(buf, 0, sizeof buf);
  for (int p = 0; p < 2; ++p) page_to_kernel(buf + p * 4096, &s->page[p]);
}

void PFX(call)(const struct flat_state* s, int fn, int clock, uint64_t counter,
               struct flat_out* out) {
  fill(s);
  diff_pages = (const void*)buf;
  diff_counter = counter;
  diff_fallback_nr = 0;
  diff_spins = 0;
  memset(out, 0, sizeof *out);
  struct __kernel_timespec ts = {0, 0};
  struct __kernel_old_timeval tv = {0, 0};
  struct timezone tz = {0, 0};
  if (setjmp(diff_jmp)) {
    out->spun = 1;
    return;
  }
  if (fn == 0) {
    out->ret = __cvdso_clock_gettime(clock, &ts);
    out->a = ts.tv_sec;
    out->b = ts.tv_nsec;
  }
  if (fn == 1) {
    out->ret = __cvdso_clock_getres(clock, &ts);
    out->a = ts.tv_sec;
    out->b = ts.tv_nsec;
  }
  if (fn == 2) {
    out->ret = __cvdso_gettimeofday(&tv, &tz);
    out->a = tv.tv_sec;
    out->b = tv.tv_usec;
    out->c = tz.tz_minuteswest;
    out->d = tz.tz_dsttime;
  }
  out->fallback_nr = diff_fallback_nr;
}
