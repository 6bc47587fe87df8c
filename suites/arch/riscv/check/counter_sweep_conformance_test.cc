// CounterSweepBatch (counter_sweep_check.h) on the real Debian vDSO images: with the model's
// predictions every run agrees; with one deliberately wrong prediction (a timespec off by 1 ns at
// one counter, a fallback's clock id argument) exactly that run fails through the checked sweep,
// with a full reproducer: state, clock, counter, the image's answer and the model's.
#include <gtest/gtest.h>

#include "test_kernel.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/build_facts.h"
#include "vdsoconf/riscv/check/call_builders.h"
#include "vdsoconf/riscv/check/counter_sweep_check.h"
#include "vdsoconf/riscv/image/kernel_scan.h"

namespace vdsoconf::riscv::check {
namespace {

class CounterSweepOnDebianImage : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string kernel = vdsoconf::testing::TestKernelPath();
    if (kernel.empty()) GTEST_SKIP() << "no test kernel";
    scan_ = ExtractVdsoImages(kernel);
    ASSERT_GE(scan_.images.size(), 1u);
    facts_ = FactsFromImage(scan_.images[0]);
    const ref::Layout& layout = *ref::FindLayout(facts_.layout).value();
    executor_ = std::make_unique<VdsoExecutor>(scan_.images[0], layout.page_count);
    states_ = GenerateStates(facts_.policy);
  }

  // clock_gettime(`id`) on `state` as the model predicts it, with `tamper` applied to the
  // prediction at `counter` (and only there).
  CounterSweepCase Sweep(const GeneratedState& state, std::int32_t id,
                         std::function<void(std::uint64_t, ExpectedCall&)> tamper) const {
    const ref::ReaderPolicy policy = facts_.policy;
    const auto model = [&state, policy, id](std::uint64_t counter) {
      ref::StaticSource source(state.state, counter);
      return ref::ClockGettime(source, id, policy);
    };
    CounterSweepCase sweep;
    sweep.entry = "__vdso_clock_gettime";
    sweep.call = ClockCall(executor_->EntryOffset("__vdso_clock_gettime"), id, true, 0);
    sweep.label = ref::ClockIdName(id);
    sweep.arguments = {{"clock_id", id}, {"clock", ref::ClockIdName(id)}};
    sweep.predict = [model, id, tamper](std::uint64_t counter, ExpectedCall& expected) {
      if (!FillClockCall(model(counter), id, true, expected)) return false;
      tamper(counter, expected);
      return true;
    };
    sweep.describe = [model](std::uint64_t counter) { return ref::Describe(model(counter)); };
    return sweep;
  }

  static std::string Reproducers(const CheckOutcome& outcome) {
    return outcome.result.message + "\n" + outcome.result.reproducer.dump(1).substr(0, 3000);
  }

  ScanResult scan_;
  BuildFacts facts_;
  std::unique_ptr<VdsoExecutor> executor_;
  StateSet states_;
};

TEST_F(CounterSweepOnDebianImage, TheModelsPredictionsAgreeOnEveryRun) {
  CheckRecorder recorder("test");
  CounterSweepBatch batch;
  std::uint64_t runs = 0;
  for (const GeneratedState& state : states_.states) {
    for (const std::int32_t id : std::initializer_list<std::int32_t>{
             ref::kClockMonotonic, ref::kClockRealtimeCoarse, 2, -1}) {
      batch.Add(state, Sweep(state, id, [](std::uint64_t, ExpectedCall&) {}), state.counters);
      runs += state.counters.size();
    }
  }
  const std::uint64_t outside = batch.Run(*executor_, recorder);
  const CheckOutcome outcome = recorder.Finish("agrees");
  EXPECT_EQ(recorder.failures(), 0u) << Reproducers(outcome);
  EXPECT_EQ(recorder.calls(), runs);
  EXPECT_EQ(recorder.comparisons() + outside, runs);
  EXPECT_GT(recorder.comparisons(), 100u) << "outside the model: " << outside;
}

TEST_F(CounterSweepOnDebianImage, AWrongNanosecondAtOneCounterFailsExactlyThatRun) {
  const GeneratedState& state = states_.Representative();
  ASSERT_GE(state.counters.size(), 2u);
  const std::uint64_t wrong_counter = state.counters[1];
  CheckRecorder recorder("test");
  CounterSweepBatch batch;
  batch.Add(state,
            Sweep(state, ref::kClockMonotonic,
                  [wrong_counter](std::uint64_t counter, ExpectedCall& expected) {
                    if (counter == wrong_counter) expected.buffers[0][8] ^= 1;  // tv_nsec
                  }),
            state.counters);
  batch.Run(*executor_, recorder);
  const CheckOutcome outcome = recorder.Finish("agrees");
  ASSERT_EQ(recorder.failures(), 1u) << Reproducers(outcome);
  EXPECT_EQ(outcome.result.status, reports::CheckStatus::kFail);
  const nlohmann::json& reproducer = outcome.result.reproducer.at(0);
  EXPECT_EQ(reproducer.at("state"), state.name) << reproducer.dump(1);
  EXPECT_EQ(reproducer.at("clock"), "CLOCK_MONOTONIC") << reproducer.dump(1);
  EXPECT_EQ(reproducer.at("counter"), wrong_counter) << reproducer.dump(1);
  EXPECT_TRUE(reproducer.contains("image") && reproducer.contains("model")) << reproducer.dump(1);
  EXPECT_NE(reproducer.at("model").at("model"), "") << "the model's own description";
  EXPECT_NE(reproducer.at("summary").get<std::string>().find("buffer 0 bytes 8..15"),
            std::string::npos)
      << reproducer.dump(1);
}

TEST_F(CounterSweepOnDebianImage, AWrongFallbackArgumentFailsEveryFallbackRun) {
  // CLOCK_PROCESS_CPUTIME_ID (2) is no vDSO clock: every run falls back to clock_gettime(2, ts).
  // Predicting clock_gettime(3, ts) must fail each run on the ecall's a0, compared in the guest.
  const GeneratedState& state = states_.Representative();
  CheckRecorder recorder("test");
  CounterSweepBatch batch;
  batch.Add(state,
            Sweep(state, 2,
                  [](std::uint64_t, ExpectedCall& expected) {
                    ASSERT_EQ(expected.path, ExpectedCall::Path::kFallback);
                    expected.syscall_args[0] = ExpectedArg::Exact(3);
                  }),
            state.counters);
  batch.Run(*executor_, recorder);
  const CheckOutcome outcome = recorder.Finish("agrees");
  ASSERT_EQ(recorder.failures(), state.counters.size()) << Reproducers(outcome);
  const std::string summary = outcome.result.reproducer.at(0).at("summary");
  EXPECT_NE(summary.find("a0: image 0x2, model 0x3"), std::string::npos) << summary;
}

}  // namespace
}  // namespace vdsoconf::riscv::check
