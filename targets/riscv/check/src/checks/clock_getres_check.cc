// check-image.clock_getres: for every generated state and every clock id -3..31, with res given
// and NULL, __vdso_clock_getres agrees with the model (ref::ClockGetres): path, return value,
// the 16 bytes of res (untouched when NULL or on fallback) and no counter read.
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::string_view kEntry = "__vdso_clock_getres";

CheckOutcome RunClockGetres(const CheckContext& context) {
  CheckRecorder recorder("check-image.clock_getres");
  const auto entry = context.Entry(kEntry);
  if (!entry) return recorder.Skip("the image does not export __vdso_clock_getres");
  std::uint64_t unmodelled = 0;
  for (const GeneratedState& state : context.states.states) {
    struct Case {
      std::int32_t clock_id;
      bool res_present;
    };
    std::vector<Case> cases;
    std::vector<CallRequest> calls;
    for (std::int32_t id = kFirstClockId; id <= kLastClockId; ++id) {
      for (const bool res_present : {true, false}) {
        cases.push_back({id, res_present});
        calls.push_back(ClockCall(*entry, id, res_present, state.counters.front()));
      }
    }
    RunAgainst(state, calls);
    const std::vector<CallResult> results = context.executor.Run(calls);
    recorder.CountCalls(results.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ref::StaticSource source(state.state, state.counters.front());
      const ref::ClockResult model =
          ref::ClockGetres(source, cases[i].clock_id, cases[i].res_present, context.facts.policy);
      const auto expected = ExpectClockCall(model, cases[i].clock_id, cases[i].res_present);
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
      reproducer["res"] = cases[i].res_present ? "buffer" : "NULL";
      reproducer["image"] = DescribeCallResult(results[i]);
      reproducer["model"] = DescribeExpected(*expected);
      recorder.Fail(ref::ClockIdName(cases[i].clock_id) +
                        (cases[i].res_present ? "" : " res=NULL") + " on " + state.name + ": " +
                        difference,
                    std::move(reproducer));
    }
  }
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("hz", context.facts.policy.hz);
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state and clock id, res given and NULL");
}

const CheckRegistration kRegistration{{"check-image.clock_getres", 12, RunClockGetres}};

}  // namespace
}  // namespace vdsoconf::riscv::check
