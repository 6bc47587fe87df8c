// check-image.clock_gettime: for every generated state, every clock id -3..31 and every counter
// value of the state, __vdso_clock_gettime agrees with the model (ref::ClockGettime) exactly:
// path, return value, the syscall and its arguments on fallback, the 16 bytes of the timespec and
// the number of counter reads. One checked sweep per state and clock id (counter_sweep_check.h).
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/counter_sweep_check.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::string_view kEntry = "__vdso_clock_gettime";

CheckOutcome RunClockGettime(const CheckContext& context) {
  CheckRecorder recorder("check-image.clock_gettime");
  const auto entry = context.Entry(kEntry);
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_gettime");
  const ref::ReaderPolicy& policy = context.facts.policy;
  CounterSweepBatch batch;
  for (const GeneratedState& state : context.states.states) {
    for (std::int32_t id = kFirstClockId; id <= kLastClockId; ++id) {
      // By value: the batch asks the model again after this loop, for the runs that differ.
      const auto model = [&state, &policy, id](std::uint64_t counter) {
        ref::StaticSource source(state.state, counter);
        return ref::ClockGettime(source, id, policy);
      };
      const auto fill = [id](const ref::ClockResult& result, ExpectedCall& expected) {
        return FillClockCall(result, id, true, expected);
      };
      batch.Add(state,
                ModelSweepCase(kEntry, ClockCall(*entry, id, true, 0), ref::ClockIdName(id),
                               {{"clock_id", id}, {"clock", ref::ClockIdName(id)}}, model, fill),
                state.counters);
    }
  }
  const std::uint64_t unmodelled = batch.Run(context.executor, recorder);
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("clock_ids", nlohmann::json::array({kFirstClockId, kLastClockId}));
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state, clock id and counter");
}

const CheckRegistration kRegistration{{"check-image.clock_gettime", 10, RunClockGettime}};

}  // namespace
}  // namespace vdsoconf::riscv::check
