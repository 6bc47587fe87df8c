/* Copies between the flat description (flat.h) and the kernel's own structs, both directions.
 * Included by wrap.c and wrap_writer.c after the kernel headers. */
#pragma once
#ifdef DIFF_NEW
typedef struct vdso_clock clk_t;
#else
typedef struct vdso_data clk_t;
#endif

static void to_kernel(clk_t* c, const struct flat_clock* f) {
  c->seq = f->seq;
  c->clock_mode = f->mode;
  c->cycle_last = f->cycle_last;
#ifdef DIFF_OVF
  c->max_cycles = f->max_cycles;
#endif
  c->mask = f->mask;
  c->mult = f->mult;
  c->shift = f->shift;
  for (int i = 0; i < 12; ++i) {
    c->basetime[i].sec = f->sec[i];
    c->basetime[i].nsec = f->nsec[i];
  }
}

static void to_flat(struct flat_clock* f, const clk_t* c) {
  f->seq = c->seq;
  f->mode = c->clock_mode;
  f->cycle_last = c->cycle_last;
#ifdef DIFF_OVF
  f->max_cycles = c->max_cycles;
#else
  f->max_cycles = 0;
#endif
  f->mask = c->mask;
  f->mult = c->mult;
  f->shift = c->shift;
  for (int i = 0; i < 12; ++i) {
    f->sec[i] = c->basetime[i].sec;
    f->nsec[i] = c->basetime[i].nsec;
  }
}

/* One page at `at` from/to a flat page. */
static void page_to_kernel(unsigned char* at, const struct flat_page* fp) {
#ifdef DIFF_NEW
  struct vdso_time_data* vd = (struct vdso_time_data*)at;
  for (int i = 0; i < 2; ++i) to_kernel(&vd->clock_data[i], &fp->clock[i]);
  for (int i = 0; i < 8; ++i) to_kernel(&vd->aux_clock_data[i], &fp->aux[i]);
  vd->tz_minuteswest = fp->tz_mw;
  vd->tz_dsttime = fp->tz_dst;
  vd->hrtimer_res = fp->hrtimer_res;
#else
  struct vdso_data* vd = (struct vdso_data*)at;
  for (int i = 0; i < 2; ++i) to_kernel(&vd[i], &fp->clock[i]);
  vd[0].tz_minuteswest = fp->tz_mw;
  vd[0].tz_dsttime = fp->tz_dst;
  vd[0].hrtimer_res = fp->hrtimer_res;
#endif
}

static void page_to_flat(struct flat_page* fp, const unsigned char* at) {
#ifdef DIFF_NEW
  const struct vdso_time_data* vd = (const struct vdso_time_data*)at;
  for (int i = 0; i < 2; ++i) to_flat(&fp->clock[i], &vd->clock_data[i]);
  for (int i = 0; i < 8; ++i) to_flat(&fp->aux[i], &vd->aux_clock_data[i]);
  fp->tz_mw = vd->tz_minuteswest;
  fp->tz_dst = vd->tz_dsttime;
  fp->hrtimer_res = vd->hrtimer_res;
#else
  const struct vdso_data* vd = (const struct vdso_data*)at;
  for (int i = 0; i < 2; ++i) to_flat(&fp->clock[i], &vd[i]);
  fp->tz_mw = vd[0].tz_minuteswest;
  fp->tz_dst = vd[0].tz_dsttime;
  fp->hrtimer_res = vd[0].hrtimer_res;
#endif
}
