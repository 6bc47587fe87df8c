// Private to the state generation: a timekeeper "machine" (the QEMU virt clocksource plus an
// uptime) and the finishing steps every generated state goes through.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/riscv/hwprobe_cache.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/timekeeper_writer.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check::internal {

// QEMU virt's timebase: 10 MHz, mult 0x64000000, shift 24 (100 ns per tick; FACTS.md).
inline constexpr std::uint32_t kVirtMult = 0x64000000;
inline constexpr std::uint32_t kVirtShift = 24;
inline constexpr std::uint64_t kTicksPerSecond = 10'000'000;
// 2025-11-24T16:00:00Z: wall-clock seconds for the realistic states.
inline constexpr std::int64_t kWallSeconds = 1'764'000'000;

// What a running kernel's timekeeper looks like after `uptime_ticks` ticks of a clocksource
// with `mult`/`shift`/`mask`: cycle_last at the uptime (masked), REALTIME at kWallSeconds plus
// `wall_nsec`, wall_to_monotonic so that MONOTONIC is the uptime, a small suspend time in
// monotonic_to_boot, TAI 37 s ahead, RAW running from the same counter at the nominal mult.
// max_cycles is clocks_calc_max_nsecs()'s (the writer stores it only with overflow protection).
ref::Timekeeper RunningTimekeeper(std::uint64_t uptime_ticks, std::uint32_t mult,
                                  std::uint32_t shift, std::uint64_t mask, std::uint64_t wall_nsec);

// The hwprobe cache a QEMU virt rv64gc machine answers (keys < hwprobe_keys), homogeneous.
ref::riscv::HwprobeCache VirtHwprobeData(ref::Generation generation);

// A state of `layout` written by the writer model: update_vsyscall() `updates` times (seq
// 2 * updates), tz and, for 6.12/7.2, the hwprobe cache; 7.2 rng data ready at generation 1.
ref::VvarState WrittenState(ref::LayoutVariant layout, const ref::Timekeeper& tk,
                            std::uint32_t updates = 0x185);

// Encodes `state` into a GeneratedState. Aborts naming the state when it does not encode (a
// generator bug). `counter_deltas` are added to the reading clock's cycle_last (page 1's clock
// inside a time namespace, where the real data lives) to make the counter values.
GeneratedState Finish(std::string name, std::string summary, StateKind kind, ref::VvarState state,
                      const std::vector<std::uint64_t>& counter_deltas);

// The counter deltas every state is read at: 0, 1 tick, 1 ms, 1 s, 1 h, and one tick behind
// cycle_last (a counter read on a CPU slightly behind the one that updated).
std::vector<std::uint64_t> StandardDeltas();

void AddRealisticStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states);
void AddEdgeStates(const ref::ReaderPolicy& policy, std::vector<GeneratedState>& states);

}  // namespace vdsoconf::riscv::check::internal
