// Dev-only differential check: the reference reader vs the kernel's own lib/vdso/gettimeofday.c
// (compiled for the host with shim headers) on random and hand-built vvar states.
#include <setjmp.h>

#include <cstdio>
#include <cstring>
#include <random>

#include "clock_vectors.h"
#include "flat.h"
#include "vdsoconf/reference/clock_reader.h"

extern "C" {
std::uint64_t diff_counter;
int diff_fallback_nr;
long diff_spins;
jmp_buf diff_jmp;
const void* diff_pages;
}

using namespace vdsoconf::ref;

static flat_clock Flat(const VdsoClock& c) {
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
static flat_state Flat(const VvarState& s) {
  flat_state f{};
  const VdsoTimePage* pages[2] = {&s.time, &s.timens};
  for (int p = 0; p < 2; ++p) {
    for (int i = 0; i < 2; ++i) f.page[p].clock[i] = Flat(pages[p]->clock[i]);
    for (int i = 0; i < 8; ++i) f.page[p].aux[i] = Flat(pages[p]->aux_clock[i]);
    f.page[p].tz_mw = pages[p]->tail[0].tz_minuteswest;
    f.page[p].tz_dst = pages[p]->tail[0].tz_dsttime;
    f.page[p].hrtimer_res = pages[p]->tail[0].hrtimer_res;
  }
  return f;
}

using KernelCall = void (*)(const flat_state*, int, int, std::uint64_t, flat_out*);
static KernelCall KernelFor(LayoutVariant l, bool aux) {
  if (l.generation == Generation::kLinux6_1) return k61_call;
  if (l.generation == Generation::kLinux6_12) return l.overflow_protect ? k612o_call : k612_call;
  if (aux) return l.overflow_protect ? k72ao_call : k72a_call;
  return l.overflow_protect ? k72o_call : k72_call;
}

static long compared = 0, skipped = 0, mismatches = 0;
static long by_outcome[4] = {};

static void Compare(const VvarState& s, int fn, int id, std::uint64_t counter, const char* tag,
                    bool aux) {
  flat_state f = Flat(s);
  flat_out k{};
  KernelFor(s.layout, aux)(&f, fn, id, counter, &k);
  StaticSource src(s, counter);
  ReaderPolicy pol = ReaderPolicy::For(s.layout);
  pol.posix_aux_clocks = aux;  // run.sh builds 7.2 with and without CONFIG_POSIX_AUX_CLOCKS
  Outcome mo;
  int m_nr = 0;
  long long ma = 0, mb = 0;
  int mc = 0, md = 0;
  std::string desc;
  if (fn == 2) {
    auto r = Gettimeofday(src, true, true, pol);
    mo = r.outcome;
    m_nr = static_cast<int>(r.syscall);
    ma = r.tv.tv_sec;
    mb = r.tv.tv_usec;
    mc = r.tz.tz_minuteswest;
    md = r.tz.tz_dsttime;
    desc = Describe(r);
  } else {
    auto r = fn == 0 ? ClockGettime(src, id, pol) : ClockGetres(src, id, true, pol);
    mo = r.outcome;
    m_nr = static_cast<int>(r.syscall);
    ma = r.ts.tv_sec;
    mb = r.ts.tv_nsec;
    desc = Describe(r);
  }
  if (mo == Outcome::kOutsideModel) {
    ++skipped;
    return;
  }
  ++compared;
  ++by_outcome[static_cast<int>(mo)];
  bool ok;
  if (k.spun)
    ok = mo == Outcome::kWouldSpin;
  else if (k.fallback_nr)
    ok = mo == Outcome::kFallback && m_nr == k.fallback_nr && k.ret == -999;
  else
    ok = mo == Outcome::kReturned && k.ret == 0 && ma == k.a && mb == k.b &&
         (fn != 2 || (mc == k.c && md == k.d));
  if (!ok && mismatches++ < 15) {
    std::printf(
        "MISMATCH %s %s fn=%d id=%d counter=%llu kernel{spun=%d nr=%d ret=%d a=%lld b=%lld c=%d "
        "d=%d} model{%s}\n",
        tag, LayoutVariantName(s.layout).c_str(), fn, id, (unsigned long long)counter, k.spun,
        k.fallback_nr, k.ret, k.a, k.b, k.c, k.d, desc.c_str());
  }
}

template <typename T, std::size_t N>
T Pick(std::mt19937_64& rng, const T (&v)[N]) {
  return v[rng() % N];
}

static VdsoClock RandomClock(std::mt19937_64& rng) {
  static constexpr std::uint32_t kSeqs[] = {0, 1, 2, 0x30a, 0x30b};
  static constexpr std::int32_t kModes[] = {0, 1, 2, kClockModeTimens, -1};
  static constexpr std::uint64_t kMasks[] = {~0ull, 0xffffffffull, 0, 1};
  VdsoClock c;
  c.seq = rng() % 3 ? Pick(rng, kSeqs) : static_cast<std::uint32_t>(rng());
  c.clock_mode = rng() % 4 ? Pick(rng, kModes) : static_cast<std::int32_t>(rng());
  c.cycle_last = rng();
  c.max_cycles = rng() % 2 ? rng() : rng() % 100;
  c.mask = rng() % 3 ? Pick(rng, kMasks) : rng();
  c.mult = static_cast<std::uint32_t>(rng());
  c.shift = static_cast<std::uint32_t>(rng() % 40);  // shift >= 64 is UB in the C code
  for (VdsoTimestamp& t : c.basetime) t = {rng(), rng() % 2 ? rng() : rng() % 2'000'000'000};
  return c;
}

int RunWriterDiff();  // writer_harness.cc

int main() {
  using namespace vdsoconf::ref::testing;
  for (LayoutVariant l : kLayouts) {
    for (const VvarState& s : {QemuVirtState(l), InNamespace(QemuVirtState(l))}) {
      for (int fn = 0; fn < 3; ++fn)
        for (int id = -3; id <= 31; ++id)
          for (std::uint64_t c :
               std::initializer_list<std::uint64_t>{kCounter, kCycleLast + (1ull << 40), 0x100ull})
            for (bool aux : {false, true}) Compare(s, fn, id, c, "vector", aux);
    }
  }
  std::printf("vectors: compared=%ld mismatches=%ld\n", compared, mismatches);
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20000; ++round) {
    VvarState s;
    s.layout = kLayouts[round % 5];
    for (VdsoTimePage* p : {&s.time, &s.timens}) {
      for (auto& c : p->clock) c = RandomClock(rng);
      for (auto& c : p->aux_clock) c = RandomClock(rng);
      p->tail[0] = {static_cast<std::int32_t>(rng()), static_cast<std::int32_t>(rng()),
                    static_cast<std::uint32_t>(rng()), 0};
    }
    const std::uint64_t counter = rng();
    for (int fn = 0; fn < 3; ++fn)
      for (int id = -3; id <= 31; ++id) {
        if (fn == 2 && id != 0) continue;
        Compare(s, fn, id, counter, "random", round % 2 == 0);
      }
  }
  std::printf(
      "total: compared=%ld skipped(outside-model)=%ld mismatches=%ld returned=%ld fallback=%ld "
      "spin=%ld\n",
      compared, skipped, mismatches, by_outcome[0], by_outcome[1], by_outcome[2]);
  const int writer_mismatches = RunWriterDiff();
  return mismatches != 0 || writer_mismatches != 0;
}
