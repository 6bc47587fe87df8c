// check-image.getrandom: __vdso_getrandom's output bytes, state updates, gates and fallbacks
// against the model (getrandom_plan.h lists the chains of calls).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "getrandom_plan.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

// The representative state (rng ready), a not-ready rng and a huge generation.
constexpr const char* kStates[] = {"writer.day-up", "edge.not-ready", "edge.rng-generation-huge"};

CheckOutcome RunGetrandom(const CheckContext& context) {
  CheckRecorder recorder("check-image.getrandom");
  const auto entry = context.Entry("__vdso_getrandom");
  if (!entry) return recorder.Skip("the image does not export __vdso_getrandom");
  if (context.facts.layout.generation != ref::Generation::kLinux7_2) {
    return recorder.Skip("the model has getrandom only for generation 7.2");
  }
  nlohmann::json covered = nlohmann::json::array();
  std::uint64_t unjudged = 0;
  for (const char* name : kStates) {
    const GeneratedState* state = context.states.Find(name);
    if (state == nullptr) continue;
    std::uint64_t steps = 0;
    for (const GetrandomChain& chain : BuildGetrandomChains(state->state.rng.generation)) {
      const std::vector<CallResult> results =
          context.executor.Run(GetrandomRequests(chain, *entry, context.layout, state->bytes));
      recorder.CountCalls(results.size());
      const auto expected = PredictGetrandomChain(chain, state->state, context.layout,
                                                  context.executor.vvar_address());
      for (std::size_t i = 0; i < results.size(); ++i) {
        if (!expected[i]) {
          ++unjudged;
          continue;
        }
        recorder.CountComparisons(1);
        ++steps;
        const std::string diff = CompareGetrandom(results[i], *expected[i]);
        if (diff.empty()) continue;
        nlohmann::json reproducer = DescribeState(*state);
        reproducer["entry"] = "__vdso_getrandom";
        reproducer["chain"] = chain.name;
        reproducer["step"] = i;
        reproducer["label"] = chain.steps[i].label;
        reproducer["len"] = chain.steps[i].len;
        reproducer["flags"] = chain.steps[i].flags;
        reproducer["image"] = DescribeCallResult(results[i]);
        reproducer["model"] = expected[i]->model;
        recorder.Fail(chain.name + " step " + std::to_string(i) + " (" + chain.steps[i].label +
                          ") on " + state->name + ": " + diff,
                      std::move(reproducer));
      }
    }
    covered.push_back({{"state", name},
                       {"rng_generation", state->state.rng.generation},
                       {"rng_ready", state->state.rng.is_ready},
                       {"steps", steps}});
  }
  recorder.AddEvidence("states", std::move(covered));
  recorder.AddEvidence("unjudged", unjudged);
  recorder.AddEvidence("state_memory",
                       "opaque state in vvar scratch; chained calls check the "
                       "state each call leaves through the next call's output");
  return recorder.Finish("getrandom's bytes, gates, reseeds and fallbacks are exactly the model's");
}

const CheckRegistration kRegistration{{"check-image.getrandom", 80, RunGetrandom}};

}  // namespace
}  // namespace vdsoconf::riscv::check
