// Edge states: the corners of the reader's arithmetic and control flow that the issue names.
// Most start from a writer-made state and then set fields directly, as a fuzzer would: the point
// is the reader's behaviour on the bytes, whether or not a kernel writes them.
#include "state_builder.h"
#include "vdsoconf/reference/overflow.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"

namespace vdsoconf::riscv::check::internal {
namespace {

constexpr std::uint64_t kFullMask = ~std::uint64_t{0};

ref::VvarState Baseline(ref::LayoutVariant layout) {
  return WrittenState(
      layout, RunningTimekeeper(1000 * kTicksPerSecond, kVirtMult, kVirtShift, kFullMask, 1000));
}

// Sets the counter description of both clock bases of page 0.
void SetClocks(ref::VvarState& state, std::uint64_t cycle_last, std::uint64_t mask,
               std::uint32_t mult, std::uint32_t shift) {
  for (ref::VdsoClock& clock : state.time.clock) {
    clock.cycle_last = cycle_last;
    clock.mask = mask;
    clock.mult = mult;
    clock.shift = shift;
  }
}

// Sets every high-resolution base (REALTIME, MONOTONIC, BOOTTIME, TAI and RAW) of page 0.
void SetHresBases(ref::VvarState& state, std::uint64_t sec, std::uint64_t shifted_nsec) {
  for (const int id :
       {ref::kClockRealtime, ref::kClockMonotonic, ref::kClockBoottime, ref::kClockTai}) {
    state.time.clock[ref::kCsHresCoarse].basetime[static_cast<std::size_t>(id)] = {sec,
                                                                                   shifted_nsec};
  }
  state.time.clock[ref::kCsRaw].basetime[ref::kClockMonotonicRaw] = {sec, shifted_nsec};
}

void AddOverflowStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states) {
  const ref::LayoutVariant layout{policy.generation, policy.overflow_protect};
  // A big mult makes the horizon reachable in a testable delta: 2^64 / 0xf0000000 ~ 2^32 ticks.
  constexpr std::uint32_t kMult = 0xf0000000;
  constexpr std::uint32_t kShift = 28;
  constexpr std::uint64_t kCycleLast = 0x1000;
  constexpr std::uint64_t kBase = std::uint64_t{999'000'000} << kShift;
  const ref::OverflowHorizon horizon = ref::ComputeOverflowHorizon(kMult, kShift, kBase, kFullMask);
  const std::uint64_t first = horizon.first_wrapping_delta;
  const std::vector<std::uint64_t> deltas = {1, first - 1, first, first + 1, 2 * first, 3 * first};
  const auto make = [&](std::uint64_t max_cycles) {
    ref::VvarState state = Baseline(layout);
    SetClocks(state, kCycleLast, kFullMask, kMult, kShift);
    SetHresBases(state, 5000, kBase);
    if (policy.overflow_protect) {
      for (ref::VdsoClock& clock : state.time.clock) clock.max_cycles = max_cycles;
    }
    return state;
  };
  const std::string where =
      "mult 0xf0000000 shift 28, base 0.999 s, first wrapping delta " + std::to_string(first);
  if (policy.overflow_protect) {
    states.push_back(Finish("edge.overflow-horizon", where + ", max_cycles from the clocksource",
                            StateKind::kEdge, make(ref::ClocksourceMaxCycles(kMult, kFullMask)),
                            deltas));
    states.push_back(Finish("edge.overflow-horizon-no-max-cycles",
                            where + ", max_cycles ~0 (never protects)", StateKind::kEdge,
                            make(kFullMask), deltas));
  } else {
    states.push_back(Finish("edge.overflow-horizon", where + ", no max_cycles in this layout",
                            StateKind::kEdge, make(0), deltas));
  }
}

void AddArithmeticStates(ref::LayoutVariant layout, std::vector<GeneratedState>& states) {
  {
    ref::VvarState state = Baseline(layout);
    SetClocks(state, 0xfffff000, 0xffffffff, kVirtMult, kVirtShift);
    states.push_back(Finish(
        "edge.narrow-mask-wrap", "mask 0xffffffff, cycle_last 0xfffff000: counters wrap past 2^32",
        StateKind::kEdge, std::move(state),
        {0x100, 0xfff, 0x1000, 0x1001, 0x2000'0000, 0xffff'ffff, 0x1'0000'1000, 0xf'0000'0000}));
  }
  {
    ref::VvarState state = Baseline(layout);
    SetClocks(state, 0xabcdef, 0xffffff, kVirtMult, kVirtShift);
    states.push_back(Finish("edge.mask24-wrap", "mask 0xffffff, counter wraps past 2^24",
                            StateKind::kEdge, std::move(state),
                            {1, 0x543210, 0x543211, 0xffffff, 0x7'0000'0000}));
  }
  {
    // basetime nsec one tick short of a second (plus a sub-ns remainder): any delta carries.
    ref::VvarState state = Baseline(layout);
    SetHresBases(state, 99, (std::uint64_t{999'999'999} << kVirtShift) + 0xffffff);
    states.push_back(Finish("edge.nsec-carry", "every hres base at 99.999999999+ s",
                            StateKind::kEdge, std::move(state),
                            {0, 1, 10, 10'000'000, 25'000'000, 123'456'789'012}));
  }
  {
    // A base beyond one second (the writer normalises, so only a corrupt page has it): the
    // reader's division carries several seconds at once.
    ref::VvarState state = Baseline(layout);
    SetHresBases(state, 1, std::uint64_t{7'500'000'000} << kVirtShift);
    states.push_back(Finish("edge.nsec-multi-second-base", "hres bases {1 s, 7.5e9 ns << shift}",
                            StateKind::kEdge, std::move(state), {0, 5'000'000, 100'000'000}));
  }
  {
    ref::VvarState state = Baseline(layout);
    SetHresBases(state, 0x7fff'ffff'ffff'ffff, std::uint64_t{999'999'000} << kVirtShift);
    auto& coarse = state.time.clock[ref::kCsHresCoarse].basetime;
    coarse[ref::kClockRealtimeCoarse] = {0xffff'ffff'ffff'fffe, 999'999'999};
    coarse[ref::kClockMonotonicCoarse] = {0x8000'0000'0000'0000, 0};
    states.push_back(Finish("edge.huge-seconds",
                            "sec 2^63-1 with nsec about to carry (wraps to negative), coarse "
                            "sec 2^64-2 and 2^63",
                            StateKind::kEdge, std::move(state), {0, 10'000, 30'000'000}));
  }
  {
    ref::VvarState state = Baseline(layout);
    SetClocks(state, 0x1234, kFullMask, 0xffffffff, 0);
    SetHresBases(state, 10, 999'999'990);
    states.push_back(Finish("edge.shift0-mult-max", "shift 0, mult 0xffffffff: ns = delta * mult",
                            StateKind::kEdge, std::move(state), {0, 1, 2, 1000}));
  }
  {
    ref::VvarState state = Baseline(layout);
    SetClocks(state, 0x1234, kFullMask, 0, 31);
    states.push_back(Finish("edge.mult-zero", "mult 0: the clock stands still at its base",
                            StateKind::kEdge, std::move(state), {0, 1, 1'000'000'000'000}));
  }
}

void AddModeStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states) {
  const ref::LayoutVariant layout{policy.generation, policy.overflow_protect};
  const std::vector<std::uint64_t> deltas = {12'345, 0, kTicksPerSecond};
  {
    ref::VvarState state = Baseline(layout);
    for (ref::VdsoClock& clock : state.time.clock) clock.clock_mode = ref::kClockModeNone;
    states.push_back(Finish("edge.clock-mode-none",
                            "clock_mode NONE on both bases, data intact: hres ids fall back",
                            StateKind::kEdge, std::move(state), deltas));
  }
  {
    ref::VvarState state = Baseline(layout);
    for (ref::VdsoClock& clock : state.time.clock) clock.clock_mode = 2;
    states.push_back(Finish("edge.unknown-clock-mode",
                            "clock_mode 2 (no such RISC-V mode): != NONE, read as hres",
                            StateKind::kEdge, std::move(state), deltas));
  }
  {
    // Negative offsets that borrow from the second, on a host near a second boundary.
    const ref::VvarState host =
        WrittenState(layout, RunningTimekeeper(50 * kTicksPerSecond + 9'999'999, kVirtMult,
                                               kVirtShift, kFullMask, 999'999'999));
    const ref::TimensOffsets offsets{{-49, 999'999'999}, {-1'000'000, 1}};
    states.push_back(Finish(
        "edge.timens-offsets", "namespace offsets monotonic {-49, 999999999}, boottime {-1e6, 1}",
        StateKind::kEdge,
        ref::InTimeNamespace(host, ref::TimensVvarPage(layout, policy.posix_aux_clocks, offsets)),
        {12'345, 1, 99'999'999}));
  }
  {
    // A TIMENS clock_mode with an even seq is not recognised as a namespace page: read as data.
    ref::VvarState state = Baseline(layout);
    for (ref::VdsoClock& clock : state.time.clock) clock.clock_mode = ref::kClockModeTimens;
    states.push_back(Finish("edge.timens-mode-even-seq",
                            "clock_mode TIMENS with an even seq: read as real data",
                            StateKind::kEdge, std::move(state), deltas));
  }
  {
    ref::VvarState state = Baseline(layout);
    state.time.tail[0].hrtimer_res = 0xfffffffe;
    state.time.tail[0].tz_minuteswest = -2'147'483'647 - 1;
    state.time.tail[0].tz_dsttime = 0x7fffffff;
    states.push_back(Finish("edge.tail-extremes", "hrtimer_res 0xfffffffe, tz INT_MIN/INT_MAX",
                            StateKind::kEdge, std::move(state), deltas));
  }
}

void AddAuxAndArchStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states) {
  const ref::LayoutVariant layout{policy.generation, policy.overflow_protect};
  const std::vector<std::uint64_t> deltas = {12'345, 0, kTicksPerSecond};
  if (policy.generation == ref::Generation::kLinux7_2) {
    ref::VvarState state = Baseline(layout);
    for (std::size_t i = 0; i < state.time.aux_clock.size(); ++i) {
      ref::VdsoClock& clock = state.time.aux_clock[i];
      clock = state.time.clock[ref::kCsHresCoarse];
      clock.seq = static_cast<std::uint32_t>(2 * i);
      clock.clock_mode = i % 2 == 0 ? ref::riscv::kClockModeArchtimer : ref::kClockModeNone;
      clock.basetime = {};
      clock.basetime[0] = {1000 * i, (std::uint64_t{999'999'999 - i} << kVirtShift)};
    }
    states.push_back(Finish("edge.aux-alternating",
                            "aux clocks 0,2,4,6 enabled with bases near a carry; 1,3,5,7 NONE",
                            StateKind::kEdge, std::move(state), deltas));
  }
  if (policy.generation != ref::Generation::kLinux6_1) {
    ref::VvarState state = Baseline(layout);
    ref::riscv::HwprobeCache& arch = policy.generation == ref::Generation::kLinux6_12
                                         ? state.time.arch_in_time_data[0].riscv
                                         : state.arch.riscv;
    arch.homogeneous_cpus = 0;
    states.push_back(Finish("edge.hwprobe-heterogeneous",
                            "hwprobe cache filled but CPUs not homogeneous", StateKind::kEdge,
                            std::move(state), deltas));
  }
  if (policy.generation == ref::Generation::kLinux7_2) {
    ref::VvarState state = Baseline(layout);
    state.arch.riscv = {};
    state.rng = {0, 0};
    states.push_back(Finish("edge.not-ready",
                            "hwprobe cache not ready (never filled), rng not ready",
                            StateKind::kEdge, std::move(state), deltas));
    ref::VvarState reseeded = Baseline(layout);
    reseeded.rng = {0xffff'ffff'ffff'fffe, 1};
    states.push_back(Finish("edge.rng-generation-huge", "rng ready, generation 2^64-2",
                            StateKind::kEdge, std::move(reseeded), deltas));
  }
}

}  // namespace

void AddEdgeStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states) {
  AddArithmeticStates({policy.generation, policy.overflow_protect}, states);
  AddOverflowStates(policy, states);
  AddModeStates(policy, states);
  AddAuxAndArchStates(policy, states);
}

}  // namespace vdsoconf::riscv::check::internal
