// check-image.overflow: the image at and beyond the overflow horizon, against the model
// (overflow_plan.h).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "overflow_plan.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::int32_t kCounterClocks[] = {ref::kClockRealtime, ref::kClockMonotonic,
                                           ref::kClockMonotonicRaw, ref::kClockBoottime,
                                           ref::kClockTai};

// Which layout of the generation (with or without max_cycles) the image reads correctly: the
// representative state of each, encoded in its own layout, read at its first counter by
// clock_gettime(CLOCK_MONOTONIC). Records the answer as evidence; a disagreement with the
// build facts is a failure.
void ProbeOverflowProtect(const CheckContext& context, std::uint64_t entry,
                          CheckRecorder& recorder) {
  const ref::Generation generation = context.facts.layout.generation;
  if (!ref::HasOverflowProtectOption(generation)) {
    recorder.AddEvidence("overflow_protect_probe",
                         "generation " + std::string(ref::GenerationName(generation)) +
                             " has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: no max_cycles");
    return;
  }
  nlohmann::json probe = nlohmann::json::object();
  std::vector<bool> agrees;
  for (const bool protect : {false, true}) {
    ref::ReaderPolicy policy = context.facts.policy;
    policy.overflow_protect = protect;
    const StateSet states = GenerateStates(policy);
    const GeneratedState& state = states.Representative();
    CallRequest call = ClockCall(entry, ref::kClockMonotonic, true, state.counters.front());
    call.vvar_full = state.bytes;
    const CallResult observed = context.executor.Run(call);
    recorder.CountCalls(1);
    ref::StaticSource source(state.state, state.counters.front());
    const auto expected = ExpectClockCall(ref::ClockGettime(source, ref::kClockMonotonic, policy),
                                          ref::kClockMonotonic, true);
    const std::string diff = CompareCall(observed, *expected);
    agrees.push_back(diff.empty());
    probe[ref::LayoutVariantName({generation, protect})] = diff.empty() ? "agrees" : diff;
  }
  recorder.AddEvidence("overflow_protect_probe", probe);
  recorder.CountComparisons(1);
  const bool facts_protect = context.facts.layout.overflow_protect;
  const bool facts_layout_agrees = agrees[facts_protect ? 1 : 0];
  const bool other_layout_agrees = agrees[facts_protect ? 0 : 1];
  if (facts_layout_agrees && !other_layout_agrees) return;
  const ref::LayoutVariant other{generation, !facts_protect};
  std::string summary =
      other_layout_agrees && !facts_layout_agrees
          ? "the image reads the " + ref::LayoutVariantName(other) + " layout, not the " +
                ref::LayoutVariantName(context.facts.layout) + " one the build facts give"
      : other_layout_agrees
          ? "the image's answer does not tell the two layouts apart"
          : "clock_gettime(CLOCK_MONOTONIC) at a small delta agrees with neither layout";
  recorder.Fail(summary + " (see overflow_protect_probe)",
                {{"entry", "__vdso_clock_gettime"},
                 {"clock_id", ref::kClockMonotonic},
                 {"state", "writer.day-up in both layouts"},
                 {"probe", probe}});
}

void SweepState(const CheckContext& context, const GeneratedState& state, std::uint64_t entry,
                CheckRecorder& recorder, nlohmann::json& evidence) {
  const ref::ReaderPolicy& policy = context.facts.policy;
  for (const std::int32_t id : kCounterClocks) {
    const OverflowSweep sweep = PlanOverflowSweep(state.state, id, policy.overflow_protect);
    nlohmann::json clock = {{"state", state.name},
                            {"clock", ref::ClockIdName(id)},
                            {"horizon_reachable", sweep.horizon.reachable}};
    if (sweep.horizon.reachable) {
      clock["horizon"] = sweep.horizon.first_wrapping_delta;
      clock["last_exact_ns"] = sweep.horizon.last_exact_ns;
    }
    if (sweep.points.empty()) {
      evidence.push_back(std::move(clock));
      continue;
    }
    CallRequest call = ClockCall(entry, id, true, 0);
    call.vvar_full = state.bytes;
    const std::vector<OverflowPrediction> predictions =
        PredictOverflowSweep(state.state, sweep, policy);
    // One checked sweep over the points: only the points where the image differs come back.
    ExpectedAnswers answers(call);
    for (const OverflowPrediction& prediction : predictions) {
      if (!AddPrediction(&prediction.expected, answers)) {
        throw InfraError("overflow sweep of " + ref::ClockIdName(id) + " expects two syscalls");
      }
    }
    const CheckedSweepResult result =
        context.executor.RunCheckedSweep(call, sweep.counters, answers);
    std::vector<const CallResult*> observed(predictions.size(), nullptr);
    for (const SweepMismatch& mismatch : result.mismatches) {
      observed[mismatch.run] = &mismatch.actual;
    }
    recorder.CountCalls(predictions.size());
    recorder.CountComparisons(predictions.size());
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t i = 0; i < predictions.size(); ++i) {
      nlohmann::json point = DescribeOverflowPoint(sweep.points[i], predictions[i], observed[i]);
      const std::string diff =
          observed[i] ? CompareCall(*observed[i], predictions[i].expected) : "";
      if (!diff.empty()) {
        nlohmann::json reproducer = DescribeState(state);
        reproducer["entry"] = "__vdso_clock_gettime";
        reproducer["clock_id"] = id;
        reproducer["counter"] = sweep.counters[i];
        reproducer["point"] = point;
        reproducer["image"] = DescribeCallResult(*observed[i]);
        reproducer["model"] = DescribeExpected(predictions[i].expected);
        recorder.Fail(ref::ClockIdName(id) + " at " + sweep.points[i].label + " (delta " +
                          std::to_string(sweep.points[i].delta) + ") on " + state.name + ": " +
                          diff,
                      std::move(reproducer));
      }
      points.push_back(std::move(point));
    }
    clock["points"] = std::move(points);
    evidence.push_back(std::move(clock));
  }
}

CheckOutcome RunOverflow(const CheckContext& context) {
  CheckRecorder recorder("check-image.overflow");
  const auto entry = context.Entry("__vdso_clock_gettime");
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_gettime");
  ProbeOverflowProtect(context, *entry, recorder);
  nlohmann::json sweeps = nlohmann::json::array();
  SweepState(context, context.states.Representative(), *entry, recorder, sweeps);
  // A narrow mask keeps the product below 2^64: the evidence shows the horizon unreachable.
  if (const GeneratedState* narrow = context.states.Find("writer.mask32")) {
    SweepState(context, *narrow, *entry, recorder, sweeps);
  }
  recorder.AddEvidence("sweeps", std::move(sweeps));
  recorder.AddEvidence("arithmetic", context.facts.policy.overflow_protect
                                         ? "overflow protection: 128-bit path from max_cycles"
                                         : "no overflow protection: delta * mult wraps at 2^64");
  return recorder.Finish(
      "at the horizon and beyond the image returns exactly what the model predicts");
}

const CheckRegistration kRegistration{{"check-image.overflow", 65, RunOverflow}};

}  // namespace
}  // namespace vdsoconf::riscv::check
