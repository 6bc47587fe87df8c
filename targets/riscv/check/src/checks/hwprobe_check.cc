// check-image.hwprobe: __vdso_riscv_hwprobe answers from the vvar arch data, or falls back to
// riscv_hwprobe, exactly as the model says (hwprobe_plan.h lists the calls).
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hwprobe_plan.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

// The states: the representative one (data ready, CPUs homogeneous) and the hwprobe edges.
constexpr const char* kStates[] = {"writer.day-up", "edge.hwprobe-heterogeneous", "edge.not-ready"};

CheckOutcome RunHwprobe(const CheckContext& context) {
  CheckRecorder recorder("check-image.hwprobe");
  const auto entry = context.Entry("__vdso_riscv_hwprobe");
  if (!entry) return recorder.Skip("the image does not export __vdso_riscv_hwprobe");
  const std::vector<HwprobeCase> cases = BuildHwprobeCases(context.facts.layout.generation);
  if (cases.empty()) {
    return recorder.Skip("the model has no hwprobe for generation " +
                         std::string(ref::GenerationName(context.facts.layout.generation)));
  }
  nlohmann::json routes = nlohmann::json::object();
  std::uint64_t unjudged = 0;
  for (const char* name : kStates) {
    const GeneratedState* state = context.states.Find(name);
    if (state == nullptr) continue;
    std::vector<CallRequest> requests;
    for (const HwprobeCase& c : cases) {
      requests.push_back(HwprobeRequest(c, *entry, context.layout, state->bytes));
    }
    const std::vector<CallResult> results = context.executor.Run(requests);
    recorder.CountCalls(results.size());
    std::map<std::string, int> tally;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      ref::riscv::HwprobeResult model;
      const auto expected = PredictHwprobe(cases[i], state->state, context.layout,
                                           context.executor.vvar_address(), &model);
      if (!expected) {
        ++unjudged;
        continue;
      }
      recorder.CountComparisons(1);
      ++tally[model.route == ref::riscv::HwprobeRoute::kVdsoAnswered
                  ? "answered"
                  : "fallback:" + std::string(ref::riscv::HwprobeFallbackReasonName(model.reason))];
      const std::string diff = CompareCall(results[i], *expected);
      if (diff.empty()) continue;
      nlohmann::json reproducer = DescribeState(*state);
      reproducer["entry"] = "__vdso_riscv_hwprobe";
      reproducer["case"] = cases[i].label;
      reproducer["image"] = DescribeCallResult(results[i]);
      reproducer["model"] = DescribeExpected(*expected);
      recorder.Fail(cases[i].label + " on " + state->name + ": " + diff, std::move(reproducer));
    }
    routes[name] = tally;
  }
  recorder.AddEvidence("routes_by_state", std::move(routes));
  recorder.AddEvidence("cases_per_state", cases.size());
  recorder.AddEvidence("unjudged", unjudged);
  recorder.AddEvidence("memory",
                       "pairs/cpu sets with chosen contents live in vvar scratch (route, "
                       "return and syscall arguments compared); fill-byte output "
                       "buffers are compared byte for byte");
  return recorder.Finish(
      "every hwprobe call is answered or falls back to riscv_hwprobe exactly like the model");
}

const CheckRegistration kRegistration{{"check-image.hwprobe", 75, RunHwprobe}};

}  // namespace
}  // namespace vdsoconf::riscv::check
