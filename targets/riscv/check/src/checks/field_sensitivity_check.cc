// check-image.field_sensitivity: the image's field sensitivity map equals the model's
// (field_sensitivity_map.h says how the maps are made and compared).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "field_sensitivity_map.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

// `plan` run on the image in one checked sweep from `base` (run i with perturbation i applied to
// the vvar, the baseline back after each run), each run compared in the executor with
// `answers[i]`. Returns one image result per run: nullopt where it equals the answer exactly,
// the full result where it differs (or where there is no answer).
std::vector<std::optional<CallResult>> RunChecked(
    VdsoExecutor& executor, const CallRequest& prototype, const std::vector<std::uint8_t>& base,
    const std::vector<Perturbation>& plan, const std::vector<std::optional<ExpectedCall>>& answers,
    std::uint64_t counter) {
  CallRequest call = prototype;
  call.vvar_full = base;
  ExpectedAnswers expected(call);
  std::vector<protocol::VvarPatch> patches;
  patches.reserve(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    patches.push_back(PatchOf(plan[i]));
    if (!AddPrediction(answers[i] ? &*answers[i] : nullptr, expected)) {
      throw InfraError("field sensitivity: one call's fallbacks name two different syscalls");
    }
  }
  CheckedSweepResult result =
      executor.RunCheckedSweep(call, CounterRamp{counter, 0}, patches, expected);
  std::vector<std::optional<CallResult>> images(plan.size());
  for (SweepMismatch& mismatch : result.mismatches) {
    images[mismatch.run] = std::move(mismatch.actual);
  }
  return images;
}

// The model's answers for every field-byte perturbation, decoded once and shared by all calls.
// answers[c][i] for call c and plan entry i (padding entries: the unperturbed answer, since no
// field changes).
std::vector<std::vector<std::optional<ExpectedCall>>> ModelAnswers(
    const CheckContext& context, const GeneratedState& state,
    const std::vector<SensitivityCall>& calls, const std::vector<Perturbation>& plan) {
  const ref::ReaderPolicy& policy = context.facts.policy;
  const std::uint64_t counter = state.counters.front();
  std::vector<std::vector<std::optional<ExpectedCall>>> answers(calls.size());
  std::vector<std::optional<ExpectedCall>> baseline;
  for (const SensitivityCall& call : calls) {
    baseline.push_back(PredictSensitivityCall(call, state.state, counter, policy));
  }
  for (const Perturbation& p : plan) {
    if (p.padding) {
      for (std::size_t c = 0; c < calls.size(); ++c) answers[c].push_back(baseline[c]);
      continue;
    }
    // Only the perturbed field differs from the decoded state: set just that field (what
    // DecodeVvar of the perturbed bytes gives, without decoding every field again).
    const std::optional<ref::VvarState> perturbed =
        PerturbedState(context.layout, state.state, state.bytes, p);
    for (std::size_t c = 0; c < calls.size(); ++c) {
      answers[c].push_back(
          perturbed ? PredictSensitivityCall(calls[c], *perturbed, counter, policy, false)
                    : std::nullopt);
    }
  }
  return answers;
}

void MapOneCall(const CheckContext& context, const GeneratedState& state,
                const SensitivityCall& call, std::uint64_t entry,
                const std::vector<Perturbation>& plan,
                const std::vector<std::optional<ExpectedCall>>& answers, CheckRecorder& recorder,
                nlohmann::json& maps) {
  const std::uint64_t counter = state.counters.front();
  const CallRequest prototype = SensitivityRequest(call, entry, counter);
  const auto baseline_model =
      PredictSensitivityCall(call, state.state, counter, context.facts.policy);
  CallRequest baseline_request = prototype;
  baseline_request.vvar_full = state.bytes;
  const CallResult baseline_image = context.executor.Run(baseline_request);
  recorder.CountCalls(1);
  recorder.CountComparisons(1);
  const std::string baseline_diff =
      baseline_model ? CompareCall(baseline_image, *baseline_model) : "the model cannot say";
  if (!baseline_diff.empty()) {
    // Without an agreed starting point the map would be noise: one failure, no map.
    nlohmann::json reproducer = DescribeState(state);
    reproducer["entry"] = call.Symbol();
    reproducer["call"] = call.Label();
    reproducer["counter"] = counter;
    reproducer["image"] = DescribeCallResult(baseline_image);
    if (baseline_model) reproducer["model"] = DescribeExpected(*baseline_model);
    recorder.Fail(call.Label() + " on the unperturbed " + state.name + ": " + baseline_diff,
                  std::move(reproducer));
    return;
  }
  const std::vector<std::optional<CallResult>> images =
      RunChecked(context.executor, prototype, state.bytes, plan, answers, counter);
  recorder.CountCalls(images.size());
  std::vector<PerturbationOutcome> outcomes;
  outcomes.reserve(plan.size());
  std::vector<Perturbation> split;  // padding runs that mattered to the image, byte by byte
  for (std::size_t i = 0; i < plan.size(); ++i) {
    // A padding run's answer is the unperturbed one, which the image gave: an image that agrees
    // with it is unchanged.
    if (plan[i].padding && plan[i].length > 1 && images[i] &&
        !SameObservation(*images[i], baseline_image)) {
      for (std::uint32_t k = 0; k < plan[i].length; ++k) {
        split.push_back({plan[i].offset + k, 1, true, false});
      }
      continue;
    }
    outcomes.push_back({plan[i], images[i], answers[i]});
  }
  if (!split.empty()) {
    const std::vector<std::optional<ExpectedCall>> unchanged(split.size(), baseline_model);
    const std::vector<std::optional<CallResult>> singles =
        RunChecked(context.executor, prototype, state.bytes, split, unchanged, counter);
    recorder.CountCalls(singles.size());
    for (std::size_t i = 0; i < split.size(); ++i) {
      outcomes.push_back({split[i], singles[i], baseline_model});
    }
  }
  const SensitivityMap map =
      JudgeSensitivity(context.layout, *baseline_model, baseline_image, outcomes);
  recorder.CountComparisons(map.judged);
  for (const SensitivityDivergence& divergence : map.divergences) {
    nlohmann::json reproducer = DescribeState(state);
    reproducer["entry"] = call.Symbol();
    reproducer["call"] = call.Label();
    reproducer["counter"] = counter;
    reproducer["finding"] = SensitivityFindingName(divergence.finding);
    reproducer["field"] = divergence.field;
    reproducer["flipped"] = {{"offset", divergence.perturbation.offset},
                             {"length", divergence.perturbation.length},
                             {"change", divergence.perturbation.Describe()}};
    reproducer["difference"] = divergence.detail;
    recorder.Fail(call.Label() + ": " + std::string(SensitivityFindingName(divergence.finding)) +
                      " of " + divergence.field + " (vvar byte " +
                      std::to_string(divergence.perturbation.offset) + ", " +
                      divergence.perturbation.Describe() + "): " + divergence.detail,
                  std::move(reproducer));
  }
  maps[call.Label()] = {{"fields_read", map.fields_read},
                        {"perturbations", map.judged},
                        {"unjudged", map.unjudged},
                        {"padding_bytes_split", split.size()}};
}

// The map of `calls` on one state, into maps[state name].
void MapState(const CheckContext& context, const GeneratedState& state,
              const std::vector<SensitivityCall>& calls, const std::vector<std::uint64_t>& entries,
              CheckRecorder& recorder, nlohmann::json& maps) {
  const std::vector<Perturbation> plan = PlanPerturbations(context.layout, state.bytes);
  const auto answers = ModelAnswers(context, state, calls, plan);
  nlohmann::json state_maps = nlohmann::json::object();
  for (std::size_t c = 0; c < calls.size(); ++c) {
    MapOneCall(context, state, calls[c], entries[c], plan, answers[c], recorder, state_maps);
  }
  maps[state.name] = std::move(state_maps);
}

CheckOutcome RunFieldSensitivity(const CheckContext& context) {
  CheckRecorder recorder("check-image.field_sensitivity");
  std::vector<SensitivityCall> calls;
  std::vector<std::uint64_t> entries;
  for (const SensitivityCall& call : SensitivityCalls()) {
    if (const auto entry = context.Entry(call.Symbol())) {
      calls.push_back(call);
      entries.push_back(*entry);
    }
  }
  if (calls.empty()) return recorder.Skip("the image exports no clock entry point");
  nlohmann::json maps = nlohmann::json::object();
  MapState(context, context.states.Representative(), calls, entries, recorder, maps);
  // Inside a time namespace the readers also read the namespace page's offsets: map the calls
  // that do (a clock with an offset, a coarse one, one without).
  if (const GeneratedState* timens = context.states.Find("writer.timens")) {
    std::vector<SensitivityCall> timens_calls;
    std::vector<std::uint64_t> timens_entries;
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const std::int32_t id = calls[c].clock_id;
      if (calls[c].entry == SensitivityCall::Entry::kClockGettime &&
          (id == ref::kClockMonotonic || id == ref::kClockMonotonicCoarse ||
           id == ref::kClockBoottime || id == ref::kClockRealtime)) {
        timens_calls.push_back(calls[c]);
        timens_entries.push_back(entries[c]);
      }
    }
    MapState(context, *timens, timens_calls, timens_entries, recorder, maps);
  }
  recorder.AddEvidence(
      "perturbation",
      "each field byte flipped (xor 0xff) alone, and zeroed when non-zero; padding flipped in "
      "runs of up to 64 bytes, split to bytes when it matters");
  recorder.AddEvidence("maps", std::move(maps));
  return recorder.Finish(
      "every vvar byte that changes the image's answer is one the model reads, and vice versa");
}

const CheckRegistration kRegistration{{"check-image.field_sensitivity", 70, RunFieldSensitivity}};

}  // namespace
}  // namespace vdsoconf::riscv::check
