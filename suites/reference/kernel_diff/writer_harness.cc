// Writer half of the differential check: timekeeper_writer.h vs the kernel's own
// kernel/time/vsyscall.c (wrap_writer.c) on random timekeepers and random starting pages.
// Returns the number of mismatches.
#include <cstdio>
#include <cstring>
#include <random>

#include "flat.h"
#include "vdsoconf/reference/timekeeper_writer.h"

using namespace vdsoconf::ref;

namespace {

flat_clock FlatClock(const VdsoClock& c) {
  flat_clock f{};
  f.seq = c.seq;
  f.mode = c.clock_mode;
  f.cycle_last = c.cycle_last;
  f.max_cycles = c.max_cycles;
  f.mask = c.mask;
  f.mult = c.mult;
  f.shift = c.shift;
  for (int i = 0; i < 12; ++i) {
    f.sec[i] = c.basetime[i].sec;
    f.nsec[i] = c.basetime[i].nsec;
  }
  return f;
}

flat_page FlatPage(const VdsoTimePage& p, bool aux) {
  flat_page f{};
  for (int i = 0; i < 2; ++i) f.clock[i] = FlatClock(p.clock[i]);
  if (aux)
    for (int i = 0; i < 8; ++i) f.aux[i] = FlatClock(p.aux_clock[i]);
  f.tz_mw = p.tail[0].tz_minuteswest;
  f.tz_dst = p.tail[0].tz_dsttime;
  f.hrtimer_res = p.tail[0].hrtimer_res;
  return f;
}

flat_tk FlatTk(const Timekeeper& tk, const AuxTimekeeper& aux, const SysTz& tz, bool use_aux) {
  flat_tk f{};
  const TkReadBase& mono = use_aux ? aux.tkr_mono : tk.tkr_mono;
  f.mono = {mono.cycle_last, mono.mask, mono.mult, mono.shift, mono.xtime_nsec, mono.max_cycles};
  f.raw = {tk.tkr_raw.cycle_last, tk.tkr_raw.mask,       tk.tkr_raw.mult,
           tk.tkr_raw.shift,      tk.tkr_raw.xtime_nsec, tk.tkr_raw.max_cycles};
  f.clock_mode = use_aux ? aux.clock_mode : tk.clock_mode;
  f.xtime_sec = use_aux ? aux.xtime_sec : tk.xtime_sec;
  f.raw_sec = tk.raw_sec;
  f.wtm_sec = tk.wall_to_monotonic.tv_sec;
  f.wtm_nsec = tk.wall_to_monotonic.tv_nsec;
  f.mtb_sec = tk.monotonic_to_boot.tv_sec;
  f.mtb_nsec = tk.monotonic_to_boot.tv_nsec;
  f.mta_sec = aux.monotonic_to_aux.tv_sec;
  f.mta_nsec = aux.monotonic_to_aux.tv_nsec;
  f.tai_offset = tk.tai_offset;
  f.coarse_nsec = tk.coarse_nsec;
  f.hrtimer_resolution = tk.hrtimer_resolution;
  f.tz_mw = tz.tz_minuteswest;
  f.tz_dst = tz.tz_dsttime;
  f.clock_valid = aux.clock_valid;
  return f;
}

// Realistic ranges (the kernel keeps nsec fields normalised), with random everything else.
TkReadBase RandomTkr(std::mt19937_64& rng) {
  TkReadBase t;
  t.shift = static_cast<std::uint32_t>(rng() % 33);
  t.xtime_nsec = rng() % (1'000'000'000ull << t.shift);
  t.cycle_last = rng();
  t.mask = rng() % 2 ? ~0ull : rng();
  t.mult = static_cast<std::uint32_t>(rng());
  t.max_cycles = rng();
  return t;
}

Timespec64 RandomOffset(std::mt19937_64& rng) {
  return {static_cast<std::int64_t>(rng()), static_cast<std::int64_t>(rng() % 1'000'000'000)};
}

VdsoTimePage RandomPage(std::mt19937_64& rng) {
  VdsoTimePage p;
  auto clock = [&](VdsoClock& c) {
    c.seq = static_cast<std::uint32_t>(rng());
    c.clock_mode = static_cast<std::int32_t>(rng() % 3);
    c.cycle_last = rng();
    c.max_cycles = rng();
    c.mask = rng();
    c.mult = static_cast<std::uint32_t>(rng());
    c.shift = static_cast<std::uint32_t>(rng());
    for (auto& t : c.basetime) t = {rng(), rng()};
  };
  for (auto& c : p.clock) clock(c);
  for (auto& c : p.aux_clock) clock(c);
  p.tail[0] = {static_cast<std::int32_t>(rng()), static_cast<std::int32_t>(rng()),
               static_cast<std::uint32_t>(rng()), 0};
  return p;
}

}  // namespace

int RunWriterDiff() {
  using Update = void (*)(const flat_tk*, flat_page*, int, int);
  const struct {
    LayoutVariant layout;
    Update update;
  } kBuilds[] = {{{Generation::kLinux6_1, false}, w61_update},
                 {{Generation::kLinux6_12, false}, w612_update},
                 {{Generation::kLinux6_12, true}, w612o_update},
                 {{Generation::kLinux7_2, false}, w72_update},
                 {{Generation::kLinux7_2, true}, w72o_update}};
  std::mt19937_64 rng(11);
  long compared = 0, mismatches = 0;
  for (int round = 0; round < 20000; ++round) {
    const auto& build = kBuilds[round % 5];
    const bool is72 = build.layout.generation == Generation::kLinux7_2;
    Timekeeper tk;
    tk.tkr_mono = RandomTkr(rng);
    tk.tkr_raw = RandomTkr(rng);
    tk.clock_mode = static_cast<std::int32_t>(rng() % 3);  // NONE, ARCH, another
    tk.xtime_sec = rng();
    tk.raw_sec = rng();
    tk.wall_to_monotonic = RandomOffset(rng);
    tk.monotonic_to_boot = RandomOffset(rng);
    tk.tai_offset = static_cast<std::int32_t>(rng());
    tk.coarse_nsec = static_cast<std::uint32_t>(rng() % 1'000'000'000);
    tk.hrtimer_resolution = static_cast<std::uint32_t>(rng());
    AuxTimekeeper aux;
    aux.clock_valid = rng() % 4 != 0;
    aux.clock_mode = static_cast<std::int32_t>(rng() % 3);
    aux.tkr_mono = RandomTkr(rng);
    aux.xtime_sec = rng();
    aux.monotonic_to_aux = RandomOffset(rng);
    const SysTz tz{static_cast<std::int32_t>(rng()), static_cast<std::int32_t>(rng())};
    const int aux_index = static_cast<int>(rng() % kMaxAuxClocks);
    for (int what = 0; what < (is72 ? 3 : 2); ++what) {
      VdsoTimePage page = RandomPage(rng);
      if (!build.layout.overflow_protect) {
        for (auto& c : page.clock) c.max_cycles = 0;
        for (auto& c : page.aux_clock) c.max_cycles = 0;
      }
      flat_page kernel = FlatPage(page, is72);
      const flat_tk ftk = FlatTk(tk, aux, tz, what == 2);
      build.update(&ftk, &kernel, what, aux_index);
      if (what == 0) UpdateVsyscall(build.layout, tk, page);
      if (what == 1) UpdateVsyscallTz(tz, page);
      if (what == 2) VdsoTimeUpdateAux(build.layout, aux_index, aux, page);
      const flat_page model = FlatPage(page, is72);
      ++compared;
      if (std::memcmp(&kernel, &model, sizeof kernel) != 0 && mismatches++ < 10) {
        std::printf("WRITER MISMATCH %s what=%d round=%d\n",
                    LayoutVariantName(build.layout).c_str(), what, round);
        for (int i = 0; i < 2; ++i) {
          const flat_clock& k = kernel.clock[i];
          const flat_clock& m = model.clock[i];
          if (std::memcmp(&k, &m, sizeof k) == 0) continue;
          std::printf("  clock[%d] seq %u/%u mode %d/%d cl %llu/%llu mult %u/%u\n", i, k.seq, m.seq,
                      k.mode, m.mode, (unsigned long long)k.cycle_last,
                      (unsigned long long)m.cycle_last, k.mult, m.mult);
          for (int b = 0; b < 12; ++b) {
            if (k.sec[b] != m.sec[b] || k.nsec[b] != m.nsec[b]) {
              std::printf("   base[%d] kernel {%llu,%llu} model {%llu,%llu}\n", b,
                          (unsigned long long)k.sec[b], (unsigned long long)k.nsec[b],
                          (unsigned long long)m.sec[b], (unsigned long long)m.nsec[b]);
            }
          }
        }
      }
    }
  }
  std::printf("writer: compared=%ld mismatches=%ld\n", compared, mismatches);
  return static_cast<int>(mismatches);
}
