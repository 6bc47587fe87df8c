// check-image.gettimeofday: for every generated state and counter value, with tv and tz each
// given or NULL, __vdso_gettimeofday agrees with the model (ref::Gettimeofday): path, return
// value, the bytes of tv and tz, counter reads.
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/check_recorder.h"
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
  std::uint64_t unmodelled = 0;
  for (const GeneratedState& state : context.states.states) {
    struct Case {
      bool tv, tz;
      std::uint64_t counter;
    };
    std::vector<Case> cases;
    std::vector<CallRequest> calls;
    for (const std::uint64_t counter : state.counters) {
      for (const bool tv : {true, false}) {
        for (const bool tz : {true, false}) {
          cases.push_back({tv, tz, counter});
          calls.push_back(GettimeofdayCall(*entry, tv, tz, counter));
        }
      }
    }
    RunAgainst(state, calls);
    const std::vector<CallResult> results = context.executor.Run(calls);
    recorder.CountCalls(results.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ref::StaticSource source(state.state, cases[i].counter);
      const ref::GettimeofdayResult model =
          ref::Gettimeofday(source, cases[i].tv, cases[i].tz, context.facts.policy);
      const auto expected = ExpectGettimeofday(model, cases[i].tv, cases[i].tz);
      if (!expected) {
        ++unmodelled;
        continue;
      }
      recorder.CountComparisons(1);
      const std::string difference = CompareCall(results[i], *expected);
      if (difference.empty()) continue;
      nlohmann::json reproducer = DescribeState(state);
      reproducer["entry"] = kEntry;
      reproducer["args"] = ArgsName(cases[i].tv, cases[i].tz);
      reproducer["counter"] = cases[i].counter;
      reproducer["image"] = DescribeCallResult(results[i]);
      reproducer["model"] = DescribeExpected(*expected);
      recorder.Fail("gettimeofday(" + ArgsName(cases[i].tv, cases[i].tz) + ") on " + state.name +
                        " at counter " + std::to_string(cases[i].counter) + ": " + difference,
                    std::move(reproducer));
    }
  }
  recorder.AddEvidence("states", context.states.states.size());
  recorder.AddEvidence("outside_model", unmodelled);
  return recorder.Finish("agrees with the model on every state and counter, tv/tz given and NULL");
}

const CheckRegistration kRegistration{{"check-image.gettimeofday", 14, RunGettimeofday}};

}  // namespace
}  // namespace vdsoconf::riscv::check
