// check-image.overflow: what the image returns at and beyond the overflow horizon of its clock
// arithmetic, and whether the model predicts it exactly (overflow.h defines the horizon).
//
// For each counter-based clock of a realistic state, the counter is set to cycle_last + delta for
// deltas around the horizon H (the smallest delta with delta * mult + base >= 2^64):
//   H - 1    the last exact answer (the largest time the clock can show)
//   H        the first wrapped one: without overflow protection the 64-bit product wraps and the
//            clock jumps back by 2^64 >> shift nanoseconds; with it, the 128-bit path is exact
//   H + 1, 2H, the mask   further along
// and, where the layout has max_cycles, around max_cycles (the switch to the 128-bit path).
// A wrapped answer is documented kernel behaviour (RISC-V kernels do not select
// CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT), so it passes with the evidence; only a difference from
// the model fails.
//
// Which arithmetic the image has is also seen from its behaviour: OverflowProtectFromImage runs
// the same state encoded in both layouts of the generation (with and without max_cycles) and
// says which one the image reads correctly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/overflow.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

// One delta of the sweep and why it is there.
struct OverflowPoint {
  std::string label;  // "horizon-1", "horizon", "max_cycles+1", ...
  std::uint64_t delta = 0;
};

// The sweep for one clock. `horizon` as ComputeOverflowHorizon says for the clock and base.
struct OverflowSweep {
  std::int32_t clock_id = 0;
  ref::OverflowHorizon horizon;
  std::vector<OverflowPoint> points;    // empty when the horizon is unreachable and no max_cycles
  std::vector<std::uint64_t> counters;  // cycle_last + delta, one per point
};

// The sweep of `clock_id` (a counter-based id) on `state`. `overflow_protect` adds the points
// around clock.max_cycles.
OverflowSweep PlanOverflowSweep(const ref::VvarState& state, std::int32_t clock_id,
                                bool overflow_protect);

// The model's answer at each point (StaticSource: state and that counter), as the framework
// compares it, plus the model's own view: exact and 64-bit values and the path.
struct OverflowPrediction {
  ExpectedCall expected;
  ref::ClockResult model;
  ref::OverflowReadout readout;
};
std::vector<OverflowPrediction> PredictOverflowSweep(const ref::VvarState& state,
                                                     const OverflowSweep& sweep,
                                                     const ref::ReaderPolicy& policy);

// Evidence for one point: delta, image and model timespecs (as {sec, nsec}), exact nanoseconds,
// whether the model's answer wrapped and whether it took the 128-bit path.
nlohmann::json DescribeOverflowPoint(const OverflowPoint& point,
                                     const OverflowPrediction& prediction,
                                     const CallResult& observed);
// The same for a point run in a checked sweep: `observed` null means the image's answer equalled
// the prediction byte for byte (its timespec is the predicted one, its outcome "as the model
// predicts"); otherwise the image's full result.
nlohmann::json DescribeOverflowPoint(const OverflowPoint& point,
                                     const OverflowPrediction& prediction,
                                     const CallResult* observed);

// The timespec an executor result holds in its first buffer: {sec, nsec}; {0, 0} without one.
std::pair<std::int64_t, std::int64_t> ObservedTimespec(const CallResult& observed);

}  // namespace vdsoconf::riscv::check
