#include "overflow_plan.h"

#include <cstring>

namespace vdsoconf::riscv::check {
namespace {

const ref::VdsoClock& ClockFor(const ref::VvarState& state, std::int32_t clock_id) {
  return state.time.clock[clock_id == ref::kClockMonotonicRaw ? ref::kCsRaw : ref::kCsHresCoarse];
}

}  // namespace

OverflowSweep PlanOverflowSweep(const ref::VvarState& state, std::int32_t clock_id,
                                bool overflow_protect) {
  const ref::VdsoClock& clock = ClockFor(state, clock_id);
  const std::uint64_t base = clock.basetime[static_cast<std::size_t>(clock_id)].nsec;
  OverflowSweep sweep;
  sweep.clock_id = clock_id;
  sweep.horizon = ref::ComputeOverflowHorizon(clock.mult, clock.shift, base, clock.mask);
  auto add = [&sweep](std::string label, std::uint64_t delta) {
    sweep.points.push_back({std::move(label), delta});
  };
  if (sweep.horizon.reachable) {
    const std::uint64_t h = sweep.horizon.first_wrapping_delta;
    add("horizon-1", h - 1);
    add("horizon", h);
    add("horizon+1", h + 1);
    if (h <= clock.mask / 2) add("2*horizon", 2 * h);
    add("mask", clock.mask);
  }
  if (overflow_protect && clock.max_cycles != 0) {
    add("max_cycles-1", clock.max_cycles - 1);
    add("max_cycles", clock.max_cycles);
    add("max_cycles+1", clock.max_cycles + 1);
  }
  for (const OverflowPoint& point : sweep.points) {
    sweep.counters.push_back(clock.cycle_last + point.delta);
  }
  return sweep;
}

std::vector<OverflowPrediction> PredictOverflowSweep(const ref::VvarState& state,
                                                     const OverflowSweep& sweep,
                                                     const ref::ReaderPolicy& policy) {
  const ref::VdsoClock& clock = ClockFor(state, sweep.clock_id);
  const std::uint64_t base = clock.basetime[static_cast<std::size_t>(sweep.clock_id)].nsec;
  std::vector<OverflowPrediction> predictions;
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    ref::StaticSource source(state, sweep.counters[i]);
    OverflowPrediction prediction;
    prediction.model = ref::ClockGettime(source, sweep.clock_id, policy);
    // Counter-based clocks on a readable clock: always inside the model.
    prediction.expected = ExpectClockCall(prediction.model, sweep.clock_id, true).value();
    prediction.readout = ref::ReadAtDelta(clock, base, sweep.points[i].delta);
    predictions.push_back(std::move(prediction));
  }
  return predictions;
}

std::pair<std::int64_t, std::int64_t> ObservedTimespec(const CallResult& observed) {
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
  if (!observed.buffers.empty() && observed.buffers[0].size() >= 16) {
    std::memcpy(&sec, observed.buffers[0].data(), 8);
    std::memcpy(&nsec, observed.buffers[0].data() + 8, 8);
  }
  return {sec, nsec};
}

nlohmann::json DescribeOverflowPoint(const OverflowPoint& point,
                                     const OverflowPrediction& prediction,
                                     const CallResult& observed) {
  nlohmann::json json = DescribeOverflowPoint(point, prediction, nullptr);
  const auto [sec, nsec] = ObservedTimespec(observed);
  json["image"] = {{"sec", sec}, {"nsec", nsec}, {"outcome", observed.Describe()}};
  return json;
}

nlohmann::json DescribeOverflowPoint(const OverflowPoint& point,
                                     const OverflowPrediction& prediction,
                                     const CallResult* observed) {
  if (observed != nullptr) return DescribeOverflowPoint(point, prediction, *observed);
  // The image wrote exactly the predicted bytes (the executor compared them).
  CallResult agreed;
  agreed.buffers = prediction.expected.buffers;
  const auto [sec, nsec] = ObservedTimespec(agreed);
  const bool used_128bit = prediction.model.stats.used_mul_u64_u32_add_u64_shr;
  const std::uint64_t model_ns =
      used_128bit ? prediction.readout.protected_ns : prediction.readout.unprotected_ns;
  return {{"point", point.label},
          {"delta", point.delta},
          {"image", {{"sec", sec}, {"nsec", nsec}, {"outcome", "as the model predicts"}}},
          {"model", {{"sec", prediction.model.ts.tv_sec}, {"nsec", prediction.model.ts.tv_nsec}}},
          {"exact_ns", prediction.readout.exact_ns},
          {"model_ns", model_ns},
          {"wrapped", model_ns != prediction.readout.exact_ns},
          {"model_128bit_path", used_128bit}};
}

}  // namespace vdsoconf::riscv::check
