// check-image.clock_getres: for every generated state and every clock id -3..31, with res given
// and NULL, __vdso_clock_getres agrees with the model (ref::ClockGetres): path, return value,
// the syscall and its arguments on fallback, the 16 bytes of res (untouched when NULL or on
// fallback) and no counter read. Each call is a checked sweep of one run at the state's first
// counter (counter_sweep_check.h).
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/counter_sweep_check.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::string_view kEntry = "__vdso_clock_getres";

CheckOutcome RunClockGetres(const CheckContext& context) {
  CheckRecorder recorder("check-image.clock_getres");
  const auto entry = context.Entry(kEntry);
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_getres");
  const ref::ReaderPolicy& policy = context.facts.policy;
  CounterSweepBatch batch;
  for (const GeneratedState& state : context.states.states) {
    const std::span<const std::uint64_t> first(state.counters.data(), 1);
    for (std::int32_t id = kFirstClockId; id <= kLastClockId; ++id) {
      for (const bool res_present : {true, false}) {
        // By value: the batch asks the model again after this loop, for the runs that differ.
        const auto model = [&state, &policy, id, res_present](std::uint64_t counter) {
          ref::StaticSource source(state.state, counter);
          return ref::ClockGetres(source, id, res_present, policy);
        };
        const auto fill = [id, res_present](const ref::ClockResult& r, ExpectedCall& expected) {
          return FillClockCall(r, id, res_present, expected);
        };
        batch.Add(state,
                  ModelSweepCase(kEntry, ClockCall(*entry, id, res_present, 0),
                                 ref::ClockIdName(id) + (res_present ? "" : " res=NULL"),
                                 {{"clock_id", id},
                                  {"clock", ref::ClockIdName(id)},
                                  {"res", res_present ? "buffer" : "NULL"}},
                                 model, fill),
                  first);
      }
    }
  }
  const std::uint64_t unmodelled = batch.Run(context.executor, recorder);
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("hz", context.facts.policy.hz);
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state and clock id, res given and NULL");
}

const CheckRegistration kRegistration{{"check-image.clock_getres", 12, RunClockGetres}};

}  // namespace
}  // namespace vdsoconf::riscv::check
