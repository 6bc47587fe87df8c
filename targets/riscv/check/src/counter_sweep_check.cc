// CounterSweepBatch: predictions out in checked sweeps, runs that differ judged by CompareCall.
#include "vdsoconf/riscv/check/counter_sweep_check.h"

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::riscv::check {

struct CounterSweepBatch::Pending {
  const GeneratedState* state = nullptr;
  CounterSweepCase sweep;
  std::span<const std::uint64_t> counters;
  CallRequest call;
  ExpectedAnswers answers;
  std::vector<bool> inside;
  std::uint64_t outside = 0;
};

CounterSweepBatch::CounterSweepBatch() = default;
CounterSweepBatch::~CounterSweepBatch() = default;

void CounterSweepBatch::Add(const GeneratedState& state, CounterSweepCase sweep,
                            std::span<const std::uint64_t> counters) {
  CallRequest call = sweep.call;
  call.counter_values.clear();
  // The vvar baseline persists in the executor: the first sweep of a state sets it.
  if (pending_.empty() || pending_.back().state != &state) call.vvar_full = state.bytes;
  ExpectedAnswers answers(call);
  Pending pending{&state, std::move(sweep), counters, std::move(call), std::move(answers), {}, 0};
  pending.inside.resize(counters.size());
  // Kept across calls: a prediction reuses its vectors' memory instead of allocating.
  thread_local ExpectedCall expected;
  bool counter_free = false;  // the first prediction read no counter: it holds for all
  for (std::size_t i = 0; i < counters.size(); ++i) {
    pending.inside[i] =
        counter_free ? pending.inside[0] : pending.sweep.predict(counters[i], expected);
    if (i == 0) counter_free = pending.inside[0] && expected.counter_reads == 0u;
    if (!pending.inside[i]) ++pending.outside;
    if (!AddPrediction(pending.inside[i] ? &expected : nullptr, pending.answers)) {
      throw InfraError("a checked sweep of " + pending.sweep.label + " on " + state.name +
                       " expects two different syscalls");
    }
  }
  pending_.push_back(std::move(pending));
}

std::uint64_t CounterSweepBatch::Run(VdsoExecutor& executor, CheckRecorder& recorder) {
  std::vector<CheckedSweepRequest> requests;
  requests.reserve(pending_.size());
  for (const Pending& pending : pending_) {
    CheckedSweepRequest request;
    request.call = &pending.call;
    request.expected = &pending.answers;
    request.counters = pending.counters;
    requests.push_back(request);
  }
  const std::vector<CheckedSweepResult> results = executor.RunCheckedSweeps(requests);
  std::uint64_t outside = 0;
  for (std::size_t s = 0; s < pending_.size(); ++s) {
    const Pending& pending = pending_[s];
    outside += pending.outside;
    recorder.CountCalls(pending.counters.size());
    recorder.CountComparisons(pending.counters.size() - pending.outside);
    for (const SweepMismatch& mismatch : results[s].mismatches) {
      if (!pending.inside[mismatch.run]) continue;
      ExpectedCall judged;
      pending.sweep.predict(mismatch.counter, judged);
      const std::string difference = CompareCall(mismatch.actual, judged);
      if (difference.empty()) continue;  // a predicted hang, observed
      judged.model = pending.sweep.describe(mismatch.counter);
      RecordSweepFailure(*pending.state, pending.sweep, mismatch.counter, mismatch.actual, judged,
                         difference, recorder);
    }
  }
  pending_.clear();
  return outside;
}

std::uint64_t CheckCounterSweep(VdsoExecutor& executor, const GeneratedState& state,
                                const CounterSweepCase& sweep,
                                std::span<const std::uint64_t> counters, CheckRecorder& recorder) {
  CounterSweepBatch batch;
  batch.Add(state, sweep, counters);
  return batch.Run(executor, recorder);
}

void RecordSweepFailure(const GeneratedState& state, const CounterSweepCase& sweep,
                        std::uint64_t counter, const CallResult& observed,
                        const ExpectedCall& expected, const std::string& difference,
                        CheckRecorder& recorder) {
  nlohmann::json reproducer = DescribeState(state);
  reproducer["entry"] = sweep.entry;
  for (const auto& [key, value] : sweep.arguments.items()) reproducer[key] = value;
  reproducer["counter"] = counter;
  reproducer["image"] = DescribeCallResult(observed);
  reproducer["model"] = DescribeExpected(expected);
  recorder.Fail(sweep.label + " on " + state.name + " at counter " + std::to_string(counter) +
                    ": " + difference,
                std::move(reproducer));
}

}  // namespace vdsoconf::riscv::check
