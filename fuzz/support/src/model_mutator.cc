#include "vdsoconf/fuzz/model_mutator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "model_wire.h"
#include "vdsoconf/fuzz/model_state.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"

namespace vdsoconf::fuzz {
namespace {

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

// NSEC_PER_SEC << shift: the bound of a normalised shifted nsec. No bound for a shift a kernel
// never writes (> 32), where the shift would also overflow.
std::uint64_t NsecLimit(std::uint32_t shift) {
  return shift > 32 ? kMaxU64 : ref::kNsecPerSec << shift;
}

std::uint64_t MaskOfWidth(std::uint32_t bits) {
  return bits >= 64 ? kMaxU64 : (std::uint64_t{1} << bits) - 1;
}

// value %= limit, without the 64-bit division when value is already below it (Reconcile runs on
// every structural mutation and its values are mostly in range).
void ReduceBelow(std::uint64_t& value, std::uint64_t limit) {
  if (value >= limit) value %= limit;
}

bool IsMask(std::uint64_t mask) {
  return mask != 0 && (mask & (mask + 1)) == 0;
}

// The clock a writer updates: the id's own structure, or clock[0] when it has none there.
ClockFields& WrittenClock(ModelInput& in) {
  ref::ClockSlot slot;
  const bool served = SlotOfClockId(in.generation, in.clock_id, &slot);
  return served && (slot.aux || slot.index != ref::kCsHresCoarse) ? in.other : in.hres;
}

// Clock ids worth trying: every id a generation knows, the range edges, and the encodings of
// dynamic CPU clocks and fd clocks (negative: MAKE_PROCESS_CPUCLOCK, FD_TO_CLOCKID).
constexpr std::int32_t kInterestingClockIds[] = {0,
                                                 1,
                                                 2,
                                                 3,
                                                 4,
                                                 5,
                                                 6,
                                                 7,
                                                 8,
                                                 9,
                                                 10,
                                                 11,
                                                 12,
                                                 13,
                                                 14,
                                                 15,
                                                 16,
                                                 17,
                                                 18,
                                                 19,
                                                 20,
                                                 21,
                                                 22,
                                                 23,
                                                 24,
                                                 31,
                                                 32,
                                                 -1,
                                                 -2,
                                                 -3,
                                                 -6,
                                                 -8,
                                                 -14,
                                                 -4096,
                                                 std::numeric_limits<std::int32_t>::min(),
                                                 std::numeric_limits<std::int32_t>::max()};

// Timebase frequencies: QEMU virt (10 MHz), common SoCs (1, 4, 24, 25 MHz), an x86-like TSC.
constexpr std::uint64_t kFrequencies[] = {10'000'000, 1'000'000,  4'000'000,
                                          24'000'000, 25'000'000, 3'000'000'000ull};

// clocks_calc_mult_shift()-like: the largest shift <= 32 whose mult fits in 32 bits.
void SetFrequency(ClockFields& c, std::uint64_t hz) {
  for (std::uint32_t shift = 32;; --shift) {
    const std::uint64_t mult = ((ref::kNsecPerSec << shift) + hz / 2) / hz;
    if (mult <= std::numeric_limits<std::uint32_t>::max() || shift == 0) {
      c.shift = shift;
      c.mult = static_cast<std::uint32_t>(std::min<std::uint64_t>(mult, 0xffffffffu));
      if (c.mult == 0) c.mult = 1;
      break;
    }
  }
  ReduceBelow(c.base_nsec, NsecLimit(c.shift));
}

std::uint64_t InterestingSeconds(MutationRng& rng) {
  constexpr std::uint64_t kChoices[] = {
      0,           1,          1'764'000'000, 0x7fffffff, 0x80000000, 0xffffffff,
      0x100000000, 1ull << 62, kMaxU64 >> 1,  kMaxU64,    kMaxU64 - 1};
  if (rng.OneIn(4)) return rng.Next();
  return kChoices[rng.Below(std::size(kChoices))];
}

// A counter delta past cycle_last: small, one tick, a second, around max_cycles and the mask.
std::uint64_t InterestingDelta(const ClockFields& c, MutationRng& rng) {
  switch (rng.Below(8)) {
    case 0:
      return 0;
    case 1:
      return rng.Below(1000);
    case 2:
      return 10'000'000;  // one second at QEMU's 10 MHz
    case 3:
      return c.max_cycles + rng.Below(3) - 1;
    case 4:
      return c.mask + rng.Below(3) - 1;
    case 5:
      return c.mult ? kMaxU64 / c.mult + rng.Below(3) - 1 : 0;  // the 64-bit product's edge
    case 6:
      return std::uint64_t{1} << rng.Below(64);
    default:
      return rng.Next();
  }
}

void MakeNamespacePage(ModelInput& in) {
  in.ns.seq = 1;
  in.ns.clock_mode = ref::kClockModeTimens;
  ReduceBelow(in.ns.base_nsec, ref::kNsecPerSec);
}

// Re-derives what depends on other fields after one of them changed, the way a kernel keeps
// them consistent: overflow protection exists, nsec normalised to the clock's shift, the writer
// completes exactly one update of the clock it writes.
void Reconcile(ModelInput& in) {
  if (!ref::HasOverflowProtectOption(in.generation)) in.overflow_protect = false;
  for (ClockFields* c : {&in.hres, &in.other}) {
    c->max_cycles = std::min(c->max_cycles, c->mask);
    ReduceBelow(c->base_nsec, NsecLimit(c->shift));
  }
  ReduceBelow(in.realtime_nsec, NsecLimit(in.hres.shift));
  if (in.in_timens) MakeNamespacePage(in);
  if (in.hrtimer_res != 1) in.hrtimer_res = static_cast<std::uint32_t>(ref::TickNsec(in.hz));
  ClockFields& written = WrittenClock(in);
  in.writer.seq_after = written.seq + 2;
  ReduceBelow(in.writer.base_nsec_after, NsecLimit(written.shift));
}

ClockFields& AnyRealClock(ModelInput& in, MutationRng& rng) {
  return rng.OneIn(2) ? in.hres : in.other;
}

}  // namespace

std::uint64_t MutationRng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

bool IsKernelPlausible(const ModelInput& input, const ref::ArchModel& arch, std::string* why) {
  char buffer[256] = "";
  auto fail = [&](const char* text) {
    if (why) *why = text;
    return false;
  };
  if (input.overflow_protect && !ref::HasOverflowProtectOption(input.generation)) {
    return fail("overflow_protect on a generation without the option");
  }
  const struct {
    const char* name;
    const ClockFields& c;
  } clocks[] = {{"hres", input.hres}, {"other", input.other}};
  const std::int32_t counter_mode = arch.CounterClockMode();
  for (const auto& [name, c] : clocks) {
    const char* broken = nullptr;
    if (c.seq & 1u)
      broken = "odd seq";
    else if (c.clock_mode != ref::kClockModeNone && c.clock_mode != counter_mode)
      broken = "clock_mode neither NONE nor the counter's";
    else if (c.shift > 32)
      broken = "shift > 32";
    else if (!IsMask(c.mask))
      broken = "mask not 2^k - 1";
    else if (c.clock_mode == counter_mode && c.mult == 0)
      broken = "mult 0";
    else if (c.max_cycles > c.mask)
      broken = "max_cycles > mask";
    else if (c.base_nsec >= NsecLimit(c.shift))
      broken = "basetime nsec >= 1e9 << shift";
    if (broken) {
      std::snprintf(buffer, sizeof buffer,
                    "%s: %s (seq=%u mode=%d shift=%u mask=%#llx mult=%u "
                    "max_cycles=%#llx nsec=%llu)",
                    name, broken, c.seq, c.clock_mode, c.shift,
                    static_cast<unsigned long long>(c.mask), c.mult,
                    static_cast<unsigned long long>(c.max_cycles),
                    static_cast<unsigned long long>(c.base_nsec));
      return fail(buffer);
    }
  }
  if (input.hres.shift <= 32 && input.realtime_nsec >= NsecLimit(input.hres.shift)) {
    return fail("realtime nsec >= 1e9 << shift");
  }
  if (input.in_timens && (input.ns.seq != 1 || input.ns.clock_mode != ref::kClockModeTimens ||
                          input.ns.base_nsec >= ref::kNsecPerSec)) {
    std::snprintf(buffer, sizeof buffer, "namespace page: seq=%u mode=%d offset nsec=%llu",
                  input.ns.seq, input.ns.clock_mode,
                  static_cast<unsigned long long>(input.ns.base_nsec));
    return fail(buffer);
  }
  if (input.hrtimer_res != 1 && input.hrtimer_res != ref::TickNsec(input.hz)) {
    return fail("hrtimer_res neither 1 nor TICK_NSEC");
  }
  ModelInput copy = input;
  const ClockFields& written = WrittenClock(copy);
  if (input.writer.seq_after != written.seq + 2) {
    std::snprintf(buffer, sizeof buffer, "writer seq %u -> %u is not one update", written.seq,
                  input.writer.seq_after);
    return fail(buffer);
  }
  if (written.shift <= 32 && input.writer.base_nsec_after >= NsecLimit(written.shift)) {
    return fail("writer nsec >= 1e9 << shift");
  }
  return true;
}

void MutatePlausibly(ModelInput& in, const ref::ArchModel& arch, MutationRng& rng) {
  switch (rng.Below(16)) {
    case 0:
      in.property =
          static_cast<ModelProperty>(rng.Below(std::size_t(ModelProperty::kMaxValue) + 1));
      break;
    case 1:
      in.generation = ref::kAllGenerations[rng.Below(std::size(ref::kAllGenerations))];
      break;
    case 2:
      switch (rng.Below(5)) {
        case 0:
          in.overflow_protect = !in.overflow_protect;
          break;
        case 1:
          in.time_namespaces = !in.time_namespaces;
          break;
        case 2:
          in.posix_aux_clocks = !in.posix_aux_clocks;
          break;
        case 3:
          in.out_present = !in.out_present;
          break;
        default:
          in.tz_present = !in.tz_present;
          break;
      }
      break;
    case 3:
      in.clock_id = kInterestingClockIds[rng.Below(std::size(kInterestingClockIds))];
      break;
    case 4:
      in.in_timens = !in.in_timens;
      break;
    case 5:
      AnyRealClock(in, rng).seq += 2;
      break;
    case 6: {
      ClockFields& c = AnyRealClock(in, rng);
      c.clock_mode =
          c.clock_mode == ref::kClockModeNone ? arch.CounterClockMode() : ref::kClockModeNone;
      break;
    }
    case 7: {
      const std::uint64_t hz = rng.OneIn(4) ? 1000 + rng.Below(4'000'000'000ull)
                                            : kFrequencies[rng.Below(std::size(kFrequencies))];
      SetFrequency(AnyRealClock(in, rng), hz);
      break;
    }
    case 8: {
      constexpr std::uint32_t kWidths[] = {64, 56, 32, 24};
      ClockFields& c = AnyRealClock(in, rng);
      c.mask = MaskOfWidth(rng.OneIn(4) ? 1 + static_cast<std::uint32_t>(rng.Below(64))
                                        : kWidths[rng.Below(std::size(kWidths))]);
      break;
    }
    case 9: {
      ClockFields& c = rng.OneIn(2) ? in.hres : WrittenClock(in);
      in.counter = c.cycle_last + InterestingDelta(c, rng);
      break;
    }
    case 10: {
      ClockFields& c = AnyRealClock(in, rng);
      switch (rng.Below(3)) {
        case 0:
          c.max_cycles = c.mask;
          break;
        case 1:
          c.max_cycles = c.mult ? kMaxU64 / c.mult : c.mask;
          break;  // the 64-bit horizon
        default:
          c.max_cycles = rng.Below(c.mask);
          break;
      }
      break;
    }
    case 11: {
      ClockFields& c = AnyRealClock(in, rng);
      c.base_sec = InterestingSeconds(rng);
      c.base_nsec = rng.OneIn(2) ? NsecLimit(c.shift) - 1 : rng.Next();
      break;
    }
    case 12: {
      in.ns.base_sec = rng.OneIn(2) ? InterestingSeconds(rng) : 0 - InterestingSeconds(rng);
      in.ns.base_nsec = rng.Next();
      break;
    }
    case 13: {
      WriterScript& w = in.writer;
      ClockFields& c = WrittenClock(in);
      w.odd_from = static_cast<std::uint8_t>(rng.Below(12));
      w.odd_reads = static_cast<std::uint8_t>(rng.Below(20));
      w.cycle_last_after = in.counter - rng.Below(1000);
      w.counter_after = w.cycle_last_after + InterestingDelta(c, rng);
      w.base_sec_after = c.base_sec + rng.Below(2);
      w.base_nsec_after = rng.Next();
      break;
    }
    case 14: {
      in.hz = kHzChoices[rng.Below(std::size(kHzChoices))];
      in.hrtimer_res = rng.OneIn(2) ? 1 : 2;  // 2: TICK_NSEC, set by Reconcile
      break;
    }
    default:
      in.realtime_sec = InterestingSeconds(rng);
      in.realtime_nsec = rng.Next();
      in.tz_minuteswest = static_cast<std::int32_t>(rng.Below(1441)) - 720;
      in.tz_dsttime = static_cast<std::int32_t>(rng.Below(2));
      break;
  }
  Reconcile(in);
}

void MutateAnomalously(ModelInput& in, const ref::ArchModel& arch, MutationRng& rng) {
  ClockFields& c = rng.OneIn(4) ? in.ns : AnyRealClock(in, rng);
  switch (rng.Below(8)) {
    case 0:
      c.seq ^= 1u;
      break;
    case 1: {
      // TIMENS on a real page, and modes no kernel of the architecture writes: the one after its
      // last own mode (2 on RISC-V), negative, and the one before TIMENS.
      const std::int32_t modes[] = {ref::kClockModeTimens, arch.ClockModes().back().value + 1, -1,
                                    0x7ffffffe};
      c.clock_mode = modes[rng.Below(std::size(modes))];
      break;
    }
    case 2:
      c.shift = 33 + static_cast<std::uint32_t>(rng.Below(200));
      break;
    case 3:
      c.mult = 0;
      break;
    case 4:
      c.base_nsec = kMaxU64 - rng.Below(1'000'000'000);
      break;
    case 5:
      c.mask = rng.Next();
      break;
    case 6:
      in.writer.seq_after = static_cast<std::uint32_t>(rng.Next());
      break;
    default:
      c.max_cycles = rng.Next();
      break;
  }
}

std::size_t MutateModelBytes(std::uint8_t* data, std::size_t size, std::size_t max_size,
                             unsigned seed, ByteMutator byte_mutator, const ref::ArchModel& arch) {
  MutationRng rng(seed);
  const std::uint64_t choice = rng.Below(10);
  if (choice >= 8 && byte_mutator) {
    const std::size_t n = byte_mutator(data, size, max_size);
    if (n >= kModelInputBytes || max_size < kModelInputBytes) return n;
    std::memmove(data + (kModelInputBytes - n), data, n);
    std::memset(data, 0, kModelInputBytes - n);
    return kModelInputBytes;
  }
  ModelInput input = ReadModelInput({data, size});
  if (choice >= 6) {
    MutateAnomalously(input, arch, rng);
  } else {
    MutatePlausibly(input, arch, rng);
  }
  if (max_size >= kModelInputBytes) {
    // `input` is a copy: the encoding may overwrite the bytes it was decoded from.
    WriteModelInput(input, std::span<std::uint8_t, kModelInputBytes>(data, kModelInputBytes));
    return kModelInputBytes;
  }
  std::array<std::uint8_t, kModelInputBytes> encoded;
  WriteModelInput(input, encoded);
  // A buffer shorter than the encoding keeps its end: FuzzedDataProvider reads integrals from
  // the end, so the first fields (property, generation, clock id...) survive.
  const std::size_t n = std::min(max_size, kModelInputBytes);
  std::memcpy(data, encoded.data() + (kModelInputBytes - n), n);
  return n;
}

namespace {

// Which groups a cross-over takes from the second parent: the same draws, in the same order, for
// the decoded and the byte-level cross-over.
struct CrossOverChoice {
  bool call, hres, other, ns, writer, config;
  explicit CrossOverChoice(unsigned seed) {
    MutationRng rng(seed);
    call = rng.OneIn(2);
    hres = rng.OneIn(2);
    other = rng.OneIn(2);
    ns = rng.OneIn(2);
    writer = rng.OneIn(2);
    config = rng.OneIn(2);
  }
  // The six choices as bits 0..5 (call, hres, other, ns, writer, config).
  unsigned Bits() const {
    return unsigned{call} | unsigned{hres} << 1 | unsigned{other} << 2 | unsigned{ns} << 3 |
           unsigned{writer} << 4 | unsigned{config} << 5;
  }
};

using ByteMask = std::array<std::uint8_t, kModelInputBytes>;

// For every CrossOverChoice (by Bits()), 0xff on the wire bytes of the groups it takes from the
// second parent, located once from the wire order itself. The byte-level cross-over is then one
// select over the encoding: half of all mutations are cross-overs, and a memcpy per group went
// through ASan's checked memcpy even from this uninstrumented library.
const std::array<ByteMask, 64>& CrossOverMasks() {
  static const std::array<ByteMask, 64> masks = [] {
    const ModelInput probe;
    const wire::Locator at(probe);
    const std::vector<wire::Span> groups[6] = {
        {at.Of(probe.property), at.Of(probe.clock_id), at.Of(probe.counter)},
        {at.Of(probe.hres)},
        {at.Of(probe.other)},
        {at.Of(probe.ns)},
        {at.Of(probe.writer)},
        {at.Of(probe.generation), at.Of(probe.overflow_protect), at.Of(probe.in_timens)}};
    std::array<ByteMask, 64> table{};
    for (unsigned bits = 0; bits < table.size(); ++bits) {
      for (unsigned group = 0; group < 6; ++group) {
        if (!(bits >> group & 1u)) continue;
        for (const wire::Span span : groups[group]) {
          for (std::size_t i = span.offset; i < span.offset + span.size; ++i) table[bits][i] = 0xff;
        }
      }
    }
    return table;
  }();
  return masks;
}

}  // namespace

ModelInput CrossOverModelInputs(const ModelInput& a, const ModelInput& b, unsigned seed) {
  const CrossOverChoice take(seed);
  ModelInput child = a;
  if (take.call) {
    child.property = b.property;
    child.clock_id = b.clock_id;
    child.counter = b.counter;
  }
  if (take.hres) child.hres = b.hres;
  if (take.other) child.other = b.other;
  if (take.ns) child.ns = b.ns;
  if (take.writer) child.writer = b.writer;
  if (take.config) {
    child.generation = b.generation;
    child.overflow_protect = b.overflow_protect;
    child.in_timens = b.in_timens;
  }
  return child;
}

std::size_t CrossOverModelBytes(const std::uint8_t* data1, std::size_t size1,
                                const std::uint8_t* data2, std::size_t size2, std::uint8_t* out,
                                std::size_t max_out_size, unsigned seed) {
  if (size1 < kModelInputBytes || size2 < kModelInputBytes || max_out_size < kModelInputBytes) {
    const ModelInput child =
        CrossOverModelInputs(ReadModelInput({data1, size1}), ReadModelInput({data2, size2}), seed);
    std::array<std::uint8_t, kModelInputBytes> encoded;
    WriteModelInput(child, encoded);
    const std::size_t n = std::min(max_out_size, kModelInputBytes);
    std::memcpy(out, encoded.data() + (kModelInputBytes - n), n);
    return n;
  }
  // Whole encodings: the decoder reads only the last kModelInputBytes, field by field.
  const std::uint8_t* a = data1 + (size1 - kModelInputBytes);
  const std::uint8_t* b = data2 + (size2 - kModelInputBytes);
  const ByteMask& take_b = CrossOverMasks()[CrossOverChoice(seed).Bits()];
  for (std::size_t i = 0; i < kModelInputBytes; ++i) {
    out[i] = static_cast<std::uint8_t>(a[i] ^ ((a[i] ^ b[i]) & take_b[i]));
  }
  return kModelInputBytes;
}

}  // namespace vdsoconf::fuzz
