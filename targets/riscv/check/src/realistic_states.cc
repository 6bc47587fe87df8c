// Realistic states: what the writer model produces for timekeepers a running RISC-V kernel has.
#include "state_builder.h"

namespace vdsoconf::riscv::check::internal {

void AddRealisticStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states) {
  const ref::LayoutVariant layout{policy.generation, policy.overflow_protect};
  const auto add = [&](std::string name, std::string summary, ref::VvarState state) {
    states.push_back(Finish(std::move(name), std::move(summary), StateKind::kRealistic,
                            std::move(state), StandardDeltas()));
  };
  constexpr std::uint64_t kFullMask = ~std::uint64_t{0};

  add("writer.booted", "1.5 s after boot, nominal mult, 64-bit mask",
      WrittenState(layout,
                   RunningTimekeeper(15'000'000, kVirtMult, kVirtShift, kFullMask, 250'000'000)));

  // NTP has slewed mult a little; the wall clock is just before a second boundary.
  add("writer.day-up", "1 day up, NTP-adjusted mult 0x64000123, wall nsec 999999900",
      WrittenState(layout, RunningTimekeeper(86'400 * kTicksPerSecond + 1234, kVirtMult + 0x123,
                                             kVirtShift, kFullMask, 999'999'900)));

  add("writer.years-up", "3 years up (cycle_last ~9.5e14), mult slewed down",
      WrittenState(layout,
                   RunningTimekeeper(3 * 365 * 86'400 * kTicksPerSecond + 77, kVirtMult - 0x2f1,
                                     kVirtShift, kFullMask, 123'456'789)));

  // A clocksource with a 32-bit counter (mult/shift for 10 MHz with shift 22) after its counter
  // wrapped several times: cycle_last is the masked counter.
  add("writer.mask32", "32-bit counter mask after wraps, mult 0x19000000 shift 22",
      WrittenState(layout, RunningTimekeeper((std::uint64_t{7} << 32) + 0xfffff000, 0x19000000, 22,
                                             0xffffffff, 500'000'000)));

  {
    // Low-resolution hrtimers (highres=off): hrtimer_res is the tick.
    ref::Timekeeper tk =
        RunningTimekeeper(600 * kTicksPerSecond, kVirtMult, kVirtShift, kFullMask, 42);
    tk.hrtimer_resolution = 4'000'000;
    ref::VvarState state = WrittenState(layout, tk);
    ref::UpdateVsyscallTz({-330, 1}, state.time);
    add("writer.lowres-tz", "10 min up, hrtimer_res 4 ms, tz -330 min with DST", std::move(state));
  }
  {
    // The clocksource became unusable from user space: the last update wrote clock_mode NONE and
    // the coarse/realtime bases, leaving the high-resolution parts stale.
    const ref::Timekeeper before =
        RunningTimekeeper(100 * kTicksPerSecond, kVirtMult, kVirtShift, kFullMask, 10);
    ref::VvarState state = WrittenState(layout, before);
    ref::Timekeeper after =
        RunningTimekeeper(101 * kTicksPerSecond, kVirtMult, kVirtShift, kFullMask, 20);
    after.clock_mode = ref::kClockModeNone;
    ref::UpdateVsyscall(layout, after, state.time);
    add("writer.clocksource-none", "clock_mode NONE after a clocksource switch (stale hres data)",
        std::move(state));
  }
  {
    // A task in a time namespace created with offsets (timens_set_vvar_page).
    const ref::VvarState host = WrittenState(
        layout,
        RunningTimekeeper(7200 * kTicksPerSecond + 99, kVirtMult, kVirtShift, kFullMask, 5));
    const ref::TimensOffsets offsets{{-7000, 500'000'000}, {86'400, 999'999'999}};
    add("writer.timens", "in a time namespace: monotonic -7000 s + 0.5 s, boottime +1 day",
        ref::InTimeNamespace(host, ref::TimensVvarPage(layout, policy.posix_aux_clocks, offsets)));
  }
  if (policy.generation == ref::Generation::kLinux7_2) {
    // Two aux clocks in use (clock_adjtime'd to a different epoch), one disabled again.
    const ref::Timekeeper tk =
        RunningTimekeeper(5000 * kTicksPerSecond + 3, kVirtMult, kVirtShift, kFullMask, 700);
    ref::VvarState state = WrittenState(layout, tk);
    ref::AuxTimekeeper aux;
    aux.clock_valid = true;
    aux.clock_mode = ref::riscv::kClockModeArchtimer;
    aux.tkr_mono = tk.tkr_mono;
    aux.xtime_sec = tk.xtime_sec;
    aux.monotonic_to_aux = {-1'700'000'000, 999'999'500};
    ref::VdsoTimeUpdateAux(layout, 0, aux, state.time);
    aux.tkr_mono.mult = kVirtMult + 0x4000;  // steered faster
    aux.monotonic_to_aux = {12'345, 1};
    ref::VdsoTimeUpdateAux(layout, 3, aux, state.time);
    ref::VdsoTimeUpdateAux(layout, 5, aux, state.time);
    aux.clock_valid = false;
    ref::VdsoTimeUpdateAux(layout, 5, aux, state.time);
    add("writer.aux-clocks", "aux clocks 0 and 3 enabled, 5 disabled after use, others unused",
        std::move(state));
  }
}

}  // namespace vdsoconf::riscv::check::internal
