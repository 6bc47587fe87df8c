// check-image.clock_gettime: for every generated state, every clock id -3..31 and every counter
// value of the state, __vdso_clock_gettime agrees with the model (ref::ClockGettime) exactly:
// path, return value, the 16 bytes of the timespec and the number of counter reads.
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::string_view kEntry = "__vdso_clock_gettime";

CheckOutcome RunClockGettime(const CheckContext& context) {
  CheckRecorder recorder("check-image.clock_gettime");
  const auto entry = context.Entry(kEntry);
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_gettime");
  std::uint64_t unmodelled = 0;
  for (const GeneratedState& state : context.states.states) {
    struct Case {
      std::int32_t clock_id;
      std::uint64_t counter;
    };
    std::vector<Case> cases;
    std::vector<CallRequest> calls;
    for (std::int32_t id = kFirstClockId; id <= kLastClockId; ++id) {
      for (const std::uint64_t counter : state.counters) {
        cases.push_back({id, counter});
        calls.push_back(ClockCall(*entry, id, true, counter));
      }
    }
    RunAgainst(state, calls);
    const std::vector<CallResult> results = context.executor.Run(calls);
    recorder.CountCalls(results.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ref::StaticSource source(state.state, cases[i].counter);
      const ref::ClockResult model =
          ref::ClockGettime(source, cases[i].clock_id, context.facts.policy);
      const auto expected = ExpectClockCall(model, cases[i].clock_id, true);
      if (!expected) {
        ++unmodelled;
        continue;
      }
      recorder.CountComparisons(1);
      const std::string difference = CompareCall(results[i], *expected);
      if (difference.empty()) continue;
      nlohmann::json reproducer = DescribeState(state);
      reproducer["entry"] = kEntry;
      reproducer["clock_id"] = cases[i].clock_id;
      reproducer["clock"] = ref::ClockIdName(cases[i].clock_id);
      reproducer["counter"] = cases[i].counter;
      reproducer["image"] = DescribeCallResult(results[i]);
      reproducer["model"] = DescribeExpected(*expected);
      recorder.Fail(ref::ClockIdName(cases[i].clock_id) + " on " + state.name + " at counter " +
                        std::to_string(cases[i].counter) + ": " + difference,
                    std::move(reproducer));
    }
  }
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("clock_ids", nlohmann::json::array({kFirstClockId, kLastClockId}));
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state, clock id and counter");
}

const CheckRegistration kRegistration{{"check-image.clock_gettime", 10, RunClockGettime}};

}  // namespace
}  // namespace vdsoconf::riscv::check
