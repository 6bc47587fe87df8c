// check-image.seqlock: the image retries exactly as the model says when a writer acts at each
// point of a read (seqlock_plan.h lists the scenarios).
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

void CheckState(const CheckContext& context, const GeneratedState& state, std::uint64_t entry,
                CheckRecorder& recorder, nlohmann::json& covered) {
  const ref::ReaderPolicy& policy = context.facts.policy;
  const std::vector<SeqlockScenario> scenarios =
      BuildSeqlockScenarios(context.layout, state.state, policy, kMaxCounterRead);
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
  nlohmann::json covered = nlohmann::json::array();
  CheckState(context, context.states.Representative(), *entry, recorder, covered);
  if (const GeneratedState* timens = context.states.Find("writer.timens")) {
    CheckState(context, *timens, *entry, recorder, covered);
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
