// The generated state set: assembly, lookup and the shared builders of state_builder.h.
#include "vdsoconf/riscv/check/vvar_states.h"

#include <cstdio>
#include <cstdlib>

#include "state_builder.h"
#include "vdsoconf/reference/overflow.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::riscv::check {

const GeneratedState* StateSet::Find(std::string_view name) const {
  for (const auto& state : states) {
    if (state.name == name) return &state;
  }
  return nullptr;
}

const GeneratedState& StateSet::Representative() const {
  const GeneratedState* state = Find("writer.day-up");
  if (state == nullptr) {
    std::fprintf(stderr, "vdsoconf: the generated state set has no writer.day-up\n");
    std::abort();
  }
  return *state;
}

StateSet GenerateStates(const ref::ReaderPolicy& policy) {
  StateSet set;
  set.layout = {policy.generation, policy.overflow_protect};
  internal::AddRealisticStates(policy, set.states);
  internal::AddEdgeStates(policy, set.states);
  return set;
}

namespace internal {

ref::Timekeeper RunningTimekeeper(std::uint64_t uptime_ticks, std::uint32_t mult,
                                  std::uint32_t shift, std::uint64_t mask,
                                  std::uint64_t wall_nsec) {
  ref::Timekeeper tk;
  tk.clock_mode = ref::riscv::kClockModeArchtimer;  // the timer CSR, as the riscv timer registers
  const std::uint64_t uptime_sec = uptime_ticks / kTicksPerSecond;
  const std::uint64_t uptime_nsec = (uptime_ticks % kTicksPerSecond) * 100;
  tk.tkr_mono = {uptime_ticks & mask,
                 mask,
                 mult,
                 shift,
                 wall_nsec << shift,
                 ref::ClocksourceMaxCycles(mult, mask)};
  // RAW at the nominal rate, with a sub-nanosecond remainder (half a ns) in xtime_nsec.
  tk.tkr_raw = {uptime_ticks & mask,
                mask,
                kVirtMult,
                kVirtShift,
                (uptime_nsec << kVirtShift) + (1u << (kVirtShift - 1)),
                ref::ClocksourceMaxCycles(kVirtMult, mask)};
  tk.xtime_sec = static_cast<std::uint64_t>(kWallSeconds);
  tk.raw_sec = uptime_sec;
  // MONOTONIC = REALTIME + wall_to_monotonic = uptime: {-(wall - uptime), nsec} normalised.
  std::int64_t w2m_sec = static_cast<std::int64_t>(uptime_sec) - kWallSeconds;
  std::int64_t w2m_nsec =
      static_cast<std::int64_t>(uptime_nsec) - static_cast<std::int64_t>(wall_nsec);
  if (w2m_nsec < 0) {
    w2m_nsec += 1'000'000'000;
    w2m_sec -= 1;
  }
  tk.wall_to_monotonic = {w2m_sec, w2m_nsec};
  tk.monotonic_to_boot = {3, 141'592'653};
  tk.tai_offset = 37;
  tk.coarse_nsec = static_cast<std::uint32_t>(wall_nsec - wall_nsec % 4'000'000);
  tk.hrtimer_resolution = 1;
  return tk;
}

ref::riscv::HwprobeCache VirtHwprobeData(ref::Generation generation) {
  ref::riscv::HwprobeCache data;
  if (generation == ref::Generation::kLinux6_1) return data;
  auto& values = data.all_cpu_hwprobe_values;
  values[0] = 0;              // MVENDORID
  values[1] = 0;              // MARCHID
  values[2] = 0;              // MIMPID
  values[3] = 1;              // BASE_BEHAVIOR: IMA
  values[4] = 0x3fd7;         // IMA_EXT_0: FD, C, V, Zba, Zbb, Zbs, Zicboz, ...
  values[5] = 0;              // CPUPERF_0 (deprecated alias of MISALIGNED_SCALAR_PERF)
  values[6] = 64;             // ZICBOZ_BLOCK_SIZE
  values[7] = 0x80000000000;  // HIGHEST_VIRT_ADDRESS
  values[8] = kTicksPerSecond;
  values[9] = 0;  // MISALIGNED_SCALAR_PERF: unknown
  if (generation == ref::Generation::kLinux7_2) {
    values[10] = 0;    // MISALIGNED_VECTOR_PERF
    values[11] = 0;    // VENDOR_EXT_THEAD_0
    values[12] = 64;   // ZICBOM_BLOCK_SIZE
    values[16] = 0x5;  // IMA_EXT_1
    data.ready = 1;
  }
  data.homogeneous_cpus = 1;
  return data;
}

ref::VvarState WrittenState(ref::LayoutVariant layout, const ref::Timekeeper& tk,
                            std::uint32_t updates) {
  ref::VvarState state;
  state.layout = layout;
  // The kernel's seq has counted 2 per tick since boot; start from an even count and let the
  // writer make the last update (which sets every field the generation has).
  for (ref::VdsoClock& clock : state.time.clock) clock.seq = 2 * (updates - 1);
  ref::UpdateVsyscall(layout, tk, state.time);
  ref::UpdateVsyscallTz({-60, 0}, state.time);
  if (layout.generation == ref::Generation::kLinux6_12) {
    state.time.arch_in_time_data[0].riscv = VirtHwprobeData(layout.generation);
  }
  if (layout.generation == ref::Generation::kLinux7_2) {
    state.arch.riscv = VirtHwprobeData(layout.generation);
    state.rng = {1, 1};
  }
  return state;
}

GeneratedState Finish(std::string name, std::string summary, StateKind kind, ref::VvarState state,
                      const std::vector<std::uint64_t>& counter_deltas) {
  auto bytes = ref::EncodeVvar(state);
  if (!bytes.ok()) {
    std::fprintf(stderr, "vdsoconf: generated state %s does not encode: %s\n", name.c_str(),
                 bytes.error().c_str());
    std::abort();
  }
  const bool in_namespace =
      state.time.clock[ref::kCsHresCoarse].clock_mode == ref::kClockModeTimens &&
      (state.time.clock[ref::kCsHresCoarse].seq & 1) != 0;
  const std::uint64_t cycle_last =
      (in_namespace ? state.timens : state.time).clock[ref::kCsHresCoarse].cycle_last;
  GeneratedState generated;
  generated.name = std::move(name);
  generated.summary = std::move(summary);
  generated.kind = kind;
  generated.state = std::move(state);
  generated.bytes = std::move(bytes).value();
  for (const std::uint64_t delta : counter_deltas) generated.counters.push_back(cycle_last + delta);
  return generated;
}

std::vector<std::uint64_t> StandardDeltas() {
  return {12'345, 0, 1, 10'000, kTicksPerSecond, 3600 * kTicksPerSecond, ~std::uint64_t{0}};
}

}  // namespace internal
}  // namespace vdsoconf::riscv::check
