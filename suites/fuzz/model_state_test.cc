// ModelStates is reused across inputs and clears only what the previous Build() wrote (the model
// fuzzer's speed depends on it): a reused one must hold exactly what a fresh one would.
#include "vdsoconf/fuzz/model_state.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

namespace vdsoconf::fuzz {
namespace {

// Random inputs whose clock ids cover every slot: HRES/COARSE, RAW, aux ids and unserved ones.
ModelInput RandomInput(std::mt19937_64& rng) {
  std::vector<std::uint8_t> bytes(kModelInputBytes);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  ModelInput input = ReadModelInput(bytes);
  input.clock_id = static_cast<std::int32_t>(rng() % 28) - 2;
  return input;
}

TEST(ModelStates, ReusedStatesEqualFreshOnesForRandomInputs) {
  std::mt19937_64 rng(5);
  auto reused = std::make_unique<ModelStates>();
  for (int i = 0; i < 3000; ++i) {
    const ModelInput input = RandomInput(rng);
    reused->Build(input);
    auto fresh = std::make_unique<ModelStates>();
    fresh->Build(input);
    ASSERT_TRUE(reused->before() == fresh->before())
        << "step " << i << " clock_id=" << input.clock_id << " in_timens=" << input.in_timens;
    ASSERT_TRUE(reused->during() == fresh->during())
        << "step " << i << " clock_id=" << input.clock_id << " in_timens=" << input.in_timens;
    ASSERT_TRUE(reused->after() == fresh->after())
        << "step " << i << " clock_id=" << input.clock_id << " in_timens=" << input.in_timens;
  }
}

}  // namespace
}  // namespace vdsoconf::fuzz
