// The vvar states check-image runs every image against.
//
// Two kinds, for one layout (generation + overflow protection):
//   realistic  produced by the writer model (timekeeper_writer.h: update_vsyscall and friends)
//              from several timekeeper states a running kernel has: just booted, a day up, years
//              of uptime with NTP-adjusted mult, a 2^32-masked counter, clock_mode NONE after a
//              clocksource switch, inside a time namespace, with tz set, with aux clocks (7.2).
//   edge       the cases the issue names: counter wrap under a narrow mask, a delta at and beyond
//              the overflow horizon (with max_cycles where the layout has it), nsec carrying into
//              seconds, huge seconds, clock mode NONE, a namespace page with offsets (negative,
//              carrying), aux clocks enabled and disabled (7.2), hwprobe data (6.12, 7.2) and rng
//              data (7.2).
// Every state carries the counter values worth reading it at; the first is its representative
// one (a small delta from cycle_last).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::riscv::check {

enum class StateKind { kRealistic, kEdge };

struct GeneratedState {
  // Unique in a set, stable across runs: "writer.booted", "edge.narrow-mask-wrap".
  std::string name;
  // One line with what makes the state what it is (for reproducers): "mask 0xffffffff,
  // cycle_last 0xfffffff0, counter wraps past 2^32".
  std::string summary;
  StateKind kind = StateKind::kRealistic;
  ref::VvarState state;
  // EncodeVvar(state): layout page_count * 4096 bytes, what the executor maps.
  std::vector<std::uint8_t> bytes;
  // Counter values to read at. Never empty; counters[0] is the representative one.
  std::vector<std::uint64_t> counters;
};

struct StateSet {
  ref::LayoutVariant layout;
  std::vector<GeneratedState> states;

  // The state named `name`, or nullptr.
  const GeneratedState* Find(std::string_view name) const;
  // The state to use where one is enough (sensitivity maps): a realistic state with a plain
  // ARCHTIMER clock and every base non-zero, so that any field a reader uses changes its answer.
  const GeneratedState& Representative() const;
};

// The states for `policy` (its generation and overflow_protect choose the layout). Deterministic:
// the same policy gives the same set, byte for byte. Every state encodes (EncodeVvar succeeds);
// a state the codec refuses is a programming error and aborts with its name.
StateSet GenerateStates(const ref::ReaderPolicy& policy);

}  // namespace vdsoconf::riscv::check
