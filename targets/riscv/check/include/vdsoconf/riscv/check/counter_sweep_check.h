// One call shape on one vvar state checked over many counter values through the executor's
// checked sweep (executor.h, RunCheckedSweep): the model's answers go out with the sweep, the
// executor compares every run itself and only runs that differ come back, where CompareCall
// (expected_call.h) judges them and a failure gets its full reproducer.
//
// The comparison is the one CompareCall makes, bit for bit: path (fast path, syscall fallback,
// hang), return value, the fallback's syscall number and arguments, every output byte, counter
// reads. The executor's record compare covers all but hangs; a predicted hang never matches a
// record, so it comes back and CompareCall accepts it.
//
//   CounterSweepCase c;
//   c.entry = "__vdso_clock_gettime";
//   c.call = ClockCall(entry, id, true, 0);
//   c.label = ref::ClockIdName(id);
//   c.arguments = {{"clock_id", id}, {"clock", ref::ClockIdName(id)}};
//   c.predict = [&](std::uint64_t counter, ExpectedCall& expected) { ... FillClockCall ... };
//   c.describe = [&](std::uint64_t counter) { return ref::Describe(...); };
//   CounterSweepBatch batch;
//   batch.Add(state, std::move(c), state.counters);             // ... for every state and id
//   outside_model += batch.Run(context.executor, recorder);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/check/vvar_states.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

struct CounterSweepCase {
  // The entry point's symbol, for reproducers.
  std::string_view entry;
  // The call: entry offset, arguments, syscall_return. Its counter values and vvar are ignored
  // (the sweep sets the state's bytes and reads each counter in turn).
  CallRequest call;
  // How a failure's summary names the call: "CLOCK_MONOTONIC", "gettimeofday(&tv, NULL)".
  std::string label;
  // The reproducer's fields naming the arguments: {"clock_id": 1, "clock": "CLOCK_MONOTONIC"}.
  nlohmann::json arguments = nlohmann::json::object();
  // The model at `counter`: fills `expected` (its `model` text may stay empty) and returns true,
  // or returns false when the call is outside the model there (not compared). Called once per
  // counter that needs it and again for each run that comes back.
  std::function<bool(std::uint64_t counter, ExpectedCall& expected)> predict;
  // The model's own description at `counter` (ref::Describe), for failures only.
  std::function<std::string(std::uint64_t counter)> describe;
};

// A CounterSweepCase from the model: `model(counter)` gives the reference reader's result
// (ref::ClockResult, ref::GettimeofdayResult), `fill(result, expected)` turns it into the
// prediction (FillClockCall, FillGettimeofday with the call's arguments bound) and
// ref::Describe(result) describes it. Both are copied into the case: capture by value.
template <typename Model, typename Fill>
CounterSweepCase ModelSweepCase(std::string_view entry, CallRequest call, std::string label,
                                nlohmann::json arguments, Model model, Fill fill) {
  CounterSweepCase sweep;
  sweep.entry = entry;
  sweep.call = std::move(call);
  sweep.label = std::move(label);
  sweep.arguments = std::move(arguments);
  sweep.predict = [model, fill](std::uint64_t counter, ExpectedCall& expected) {
    return fill(model(counter), expected);
  };
  sweep.describe = [model](std::uint64_t counter) { return ref::Describe(model(counter)); };
  return sweep;
}

// Sweeps gathered to be sent together (executor.h, RunCheckedSweeps): a check adds one per call
// shape and state, and runs them all at once, so that sweeps of a few runs share requests.
//
// Each sweep runs `sweep` on `state` once per value of `counters`; Run records in `recorder` the
// calls, the comparisons (counters inside the model) and every failure with a reproducer
// {state, entry, arguments..., counter, image, model}.
//
// A prediction that reads no counter (counter_reads 0) does not depend on it: it is computed
// once per sweep and reused for every counter. The model is asked again only for the runs that
// come back. A sweep whose fallback predictions name different syscalls (no call shape of
// check-image does) cannot be sent as one: Add throws InfraError.
class CounterSweepBatch {
 public:
  CounterSweepBatch();
  ~CounterSweepBatch();

  // Predicts every run now. `state` and `counters` must outlive Run.
  void Add(const GeneratedState& state, CounterSweepCase sweep,
           std::span<const std::uint64_t> counters);
  // Runs every added sweep, judges and records; returns how many runs were outside the model.
  // The batch is empty afterwards.
  std::uint64_t Run(VdsoExecutor& executor, CheckRecorder& recorder);

 private:
  struct Pending;
  std::vector<Pending> pending_;
};

// One sweep alone: CounterSweepBatch with `sweep` only. Returns the runs outside the model.
std::uint64_t CheckCounterSweep(VdsoExecutor& executor, const GeneratedState& state,
                                const CounterSweepCase& sweep,
                                std::span<const std::uint64_t> counters, CheckRecorder& recorder);

// The part every check over counters repeats: the reproducer for a run of `sweep` at `counter`
// where the image answered `observed` and the model `expected` (with its description), and the
// summary "<label> on <state> at counter N: <difference>".
void RecordSweepFailure(const GeneratedState& state, const CounterSweepCase& sweep,
                        std::uint64_t counter, const CallResult& observed,
                        const ExpectedCall& expected, const std::string& difference,
                        CheckRecorder& recorder);

}  // namespace vdsoconf::riscv::check
