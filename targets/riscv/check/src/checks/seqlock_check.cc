// check-image.seqlock: the image retries exactly as the model says when a writer acts at each
// point of a read (seqlock_plan.h lists the scenarios).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seqlock_plan.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

// Counter reads 1..3: the first read, one retry deep, two retries deep.
constexpr std::uint32_t kMaxCounterRead = 3;

nlohmann::json Reproducer(const GeneratedState& state, const SeqlockScenario& scenario,
                          const SeqlockPrediction& prediction, const CallResult& observed) {
  nlohmann::json reproducer = DescribeState(state);
  reproducer["entry"] = "__vdso_clock_gettime";
  reproducer["clock_id"] = scenario.clock_id;
  reproducer["scenario"] = scenario.name;
  reproducer["writes"] = scenario.notes;
  reproducer["counters"] = scenario.counters;
  reproducer["image"] = DescribeCallResult(observed);
  reproducer["model"] = DescribeExpected(prediction.expected);
  if (prediction.pauses) reproducer["model"]["pauses"] = *prediction.pauses;
  return reproducer;
}

bool HasPauseInjection(const SeqlockScenario& scenario) {
  return std::any_of(scenario.injections.begin(), scenario.injections.end(),
                     [](const Injection& i) { return i.trigger == protocol::Trigger::kPause; });
}

// Without a pause instruction in the wait loop (6.1's cpu_relax() stalls with `div` instead) the
// executor cannot act at a pause, so a writer cannot finish while the reader spins. Those
// scenarios become "the writer never finishes": the model says the reader spins for ever and the
// image must hang. Each hang costs a watchdog, so only two are kept: odd-1 of CLOCK_MONOTONIC and
// spin-1 of CLOCK_MONOTONIC_COARSE.
std::vector<SeqlockScenario> WithoutPauses(std::vector<SeqlockScenario> scenarios) {
  std::vector<SeqlockScenario> kept;
  for (SeqlockScenario& scenario : scenarios) {
    if (!HasPauseInjection(scenario)) {
      kept.push_back(std::move(scenario));
      continue;
    }
    const bool keep =
        (scenario.clock_id == ref::kClockMonotonic && scenario.name == "odd-1") ||
        (scenario.clock_id == ref::kClockMonotonicCoarse && scenario.name == "spin-1");
    if (!keep) continue;
    std::erase_if(scenario.injections,
                  [](const Injection& i) { return i.trigger == protocol::Trigger::kPause; });
    scenario.name += "-never-finished";
    kept.push_back(std::move(scenario));
  }
  return kept;
}

// Whether the image's seqlock wait loop executes a pause the executor can act at: spin-1 of
// CLOCK_MONOTONIC_COARSE (odd seq before the call, made even at the first pause) returns when it
// does and hangs with no pause when it does not. The site list alone cannot say: 6.1 compiles
// both a pause and a div stall behind a static branch the vDSO never patches.
bool WaitLoopPauses(const CheckContext& context, const GeneratedState& state, std::uint64_t entry,
                    CheckRecorder& recorder) {
  for (const SeqlockScenario& scenario :
       BuildSeqlockScenarios(context.layout, state.state, context.facts.policy, kMaxCounterRead)) {
    if (scenario.clock_id != ref::kClockMonotonicCoarse || scenario.name != "spin-1") continue;
    const CallResult result = context.executor.Run(SeqlockRequest(scenario, entry, state.bytes));
    recorder.CountCalls(1);
    return result.pauses > 0;
  }
  return true;  // no such scenario (clock not readable): nothing to adapt
}

void CheckState(const CheckContext& context, const GeneratedState& state, std::uint64_t entry,
                bool pause_sites, CheckRecorder& recorder, nlohmann::json& covered) {
  const ref::ReaderPolicy& policy = context.facts.policy;
  std::vector<SeqlockScenario> scenarios =
      BuildSeqlockScenarios(context.layout, state.state, policy, kMaxCounterRead);
  if (!pause_sites) scenarios = WithoutPauses(std::move(scenarios));
  std::vector<CallRequest> requests;
  std::vector<SeqlockPrediction> predictions;
  std::uint64_t retries = 0;
  std::uint64_t pauses = 0;
  for (const SeqlockScenario& scenario : scenarios) {
    requests.push_back(SeqlockRequest(scenario, entry, state.bytes));
    predictions.push_back(PredictSeqlock(scenario, state.bytes, policy));
    retries += predictions.back().model.stats.seq_retries;
    pauses += predictions.back().model.stats.odd_seq_spins;
  }
  const std::vector<CallResult> results = context.executor.Run(requests);
  recorder.CountCalls(results.size());
  recorder.CountComparisons(results.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const SeqlockScenario& scenario = scenarios[i];
    const std::string diff = CompareSeqlock(predictions[i], results[i]);
    if (diff.empty()) continue;
    recorder.Fail(ref::ClockIdName(scenario.clock_id) + " " + scenario.name + " on " + state.name +
                      ": " + diff,
                  Reproducer(state, scenario, predictions[i], results[i]));
  }
  covered.push_back({{"state", state.name},
                     {"scenarios", scenarios.size()},
                     {"model_retries", retries},
                     {"model_pauses", pauses}});
}

CheckOutcome RunSeqlock(const CheckContext& context) {
  CheckRecorder recorder("check-image.seqlock");
  const auto entry = context.Entry("__vdso_clock_gettime");
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_gettime");
  const bool pause_sites =
      WaitLoopPauses(context, context.states.Representative(), *entry, recorder);
  recorder.AddEvidence("wait_loop", pause_sites
                                        ? "pauses: writers finish at a pause"
                                        : "never pauses (6.1's cpu_relax() stalls with div unless "
                                          "patched for Zihintpause): odd-seq scenarios are only "
                                          "checked as endless spins");
  nlohmann::json covered = nlohmann::json::array();
  CheckState(context, context.states.Representative(), *entry, pause_sites, recorder, covered);
  if (const GeneratedState* timens = context.states.Find("writer.timens")) {
    CheckState(context, *timens, *entry, pause_sites, recorder, covered);
  }
  recorder.AddEvidence("states", covered);
  recorder.AddEvidence("max_counter_read", kMaxCounterRead);
  recorder.AddEvidence("scenarios",
                       "odd/bump/write/torn at counter read 1..3 of each "
                       "counter-based clock, spin 1..3 pauses for every clock");
  return recorder.Finish(
      "the image retries, pauses and answers exactly like the model at every writer injection");
}

const CheckRegistration kRegistration{{"check-image.seqlock", 60, RunSeqlock}};

}  // namespace
}  // namespace vdsoconf::riscv::check
