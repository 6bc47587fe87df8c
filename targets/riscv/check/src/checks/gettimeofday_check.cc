// check-image.gettimeofday: for every generated state and counter value, with tv and tz each
// given or NULL, __vdso_gettimeofday agrees with the model (ref::Gettimeofday): path, return
// value, the syscall and its arguments on fallback, the bytes of tv and tz, counter reads. One
// checked sweep per state and tv/tz combination (counter_sweep_check.h).
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/counter_sweep_check.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::string_view kEntry = "__vdso_gettimeofday";

std::string ArgsName(bool tv, bool tz) {
  return std::string(tv ? "&tv" : "NULL") + ", " + (tz ? "&tz" : "NULL");
}

CheckOutcome RunGettimeofday(const CheckContext& context) {
  CheckRecorder recorder("check-image.gettimeofday");
  const auto entry = context.Entry(kEntry);
  if (!entry) return recorder.Skip("the image does not export __vdso_gettimeofday");
  const ref::ReaderPolicy& policy = context.facts.policy;
  CounterSweepBatch batch;
  for (const GeneratedState& state : context.states.states) {
    for (const bool tv : {true, false}) {
      for (const bool tz : {true, false}) {
        // By value: the batch asks the model again after this loop, for the runs that differ.
        const auto model = [&state, &policy, tv, tz](std::uint64_t counter) {
          ref::StaticSource source(state.state, counter);
          return ref::Gettimeofday(source, tv, tz, policy);
        };
        const auto fill = [tv, tz](const ref::GettimeofdayResult& r, ExpectedCall& expected) {
          return FillGettimeofday(r, tv, tz, expected);
        };
        batch.Add(state,
                  ModelSweepCase(kEntry, GettimeofdayCall(*entry, tv, tz, 0),
                                 "gettimeofday(" + ArgsName(tv, tz) + ")",
                                 {{"args", ArgsName(tv, tz)}}, model, fill),
                  state.counters);
      }
    }
  }
  const std::uint64_t unmodelled = batch.Run(context.executor, recorder);
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state and counter, tv/tz given and NULL");
}

const CheckRegistration kRegistration{{"check-image.gettimeofday", 14, RunGettimeofday}};

}  // namespace
}  // namespace vdsoconf::riscv::check
