// ModelStates::BuildIdle builds before() only, and builds of either kind clear exactly what the
// previous build of each state wrote: interleaved builds on reused states must leave what fresh
// states hold.
#include <gtest/gtest.h>

#include <memory>

#include "model_inputs_for_tests.h"
#include "vdsoconf/fuzz/model_state.h"

namespace vdsoconf::fuzz {
namespace {

TEST(ModelStates, InterleavedIdleAndFullBuildsEqualFreshOnes) {
  auto reused = std::make_unique<ModelStates>();
  int step = 0;
  for (const ModelInput& in : testing::VariedInputs(6000, 31)) {
    auto fresh = std::make_unique<ModelStates>();
    fresh->Build(in);
    const bool idle = step % 3 != 2;  // two idle builds, then a full one, and so on
    if (idle) {
      reused->BuildIdle(in);
    } else {
      reused->Build(in);
    }
    ASSERT_TRUE(reused->before() == fresh->before())
        << "step " << step << (idle ? " (idle)" : " (full)") << " clock_id=" << in.clock_id
        << " in_timens=" << in.in_timens;
    if (!idle) {
      ASSERT_TRUE(reused->during() == fresh->during())
          << "step " << step << " clock_id=" << in.clock_id << " in_timens=" << in.in_timens;
      ASSERT_TRUE(reused->after() == fresh->after())
          << "step " << step << " clock_id=" << in.clock_id << " in_timens=" << in.in_timens;
    }
    ++step;
  }
}

TEST(ModelStates, BuildIdleLeavesTheWriterStatesAlone) {
  ModelStates states;
  ModelInput in = testing::LiveLikeSeed();
  states.Build(in);
  const ref::VvarState after = states.after();
  ModelInput other = in;
  other.hres.base_sec += 100;
  other.writer.base_sec_after += 100;
  states.BuildIdle(other);
  EXPECT_EQ(states.before().time.clock[ref::kCsHresCoarse].basetime[0].sec, other.hres.base_sec)
      << "before() is rebuilt";
  EXPECT_TRUE(states.after() == after) << "after() is not touched by an idle build";
}

}  // namespace
}  // namespace vdsoconf::fuzz
