// check-image.hwprobe without QEMU: the cases reach every route of the model, and the comparison
// fails on what a wrong image would report.
#include <gtest/gtest.h>

#include <set>

#include "hwprobe_plan.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check {
namespace {

constexpr std::uint64_t kVvarAddress = 0x7f0000000000;

struct Fixture {
  Fixture() {
    policy.generation = ref::Generation::kLinux7_2;
    states = GenerateStates(policy);
    layout = ref::FindLayout({policy.generation, false}).value();
  }
  const GeneratedState& State(const char* name) const {
    const GeneratedState* state = states.Find(name);
    EXPECT_NE(state, nullptr) << name;
    return state ? *state : states.Representative();
  }
  ref::ReaderPolicy policy;
  StateSet states;
  const ref::Layout* layout = nullptr;
};

const HwprobeCase& Case(const std::vector<HwprobeCase>& cases, const std::string& label) {
  for (const HwprobeCase& c : cases) {
    if (c.label == label) return c;
  }
  ADD_FAILURE() << "no case " << label;
  return cases.front();
}

// What an image agreeing with `expected` reports (pointer arguments as the model wants them).
CallResult Agreeing(const ExpectedCall& expected) {
  CallResult result;
  result.return_value = expected.return_value;
  result.buffers = expected.buffers;
  if (expected.path == ExpectedCall::Path::kFallback) {
    CaughtEcall ecall;
    ecall.number = expected.syscall;
    for (std::size_t i = 0; i < expected.syscall_args.size(); ++i) {
      ecall.args[i] = expected.syscall_args[i].kind == ExpectedArg::Kind::kNonNull
                          ? 0x1000
                          : expected.syscall_args[i].value;
    }
    result.ecalls.push_back(ecall);
  }
  return result;
}

TEST(HwprobeCases, ReachEveryRouteOfTheModel) {
  Fixture f;
  const auto cases = BuildHwprobeCases(f.policy.generation);
  std::set<std::string> reasons;
  for (const char* name : {"writer.day-up", "edge.hwprobe-heterogeneous", "edge.not-ready"}) {
    for (const HwprobeCase& c : cases) {
      ref::riscv::HwprobeResult model;
      ASSERT_TRUE(PredictHwprobe(c, f.State(name).state, *f.layout, kVvarAddress, &model))
          << c.label << " " << model.error;
      reasons.insert(std::string(ref::riscv::HwprobeFallbackReasonName(model.reason)));
    }
  }
  // kNone (answered) plus the six fallback reasons.
  EXPECT_EQ(reasons.size(), 7u);
  EXPECT_TRUE(BuildHwprobeCases(ref::Generation::kLinux6_1).empty());
}

// An image that ignores `ready` answers from stale data where the model falls back.
TEST(HwprobeCompare, AnsweringFromDataThatIsNotReadyFails) {
  Fixture f;
  const auto cases = BuildHwprobeCases(f.policy.generation);
  const HwprobeCase& c = Case(cases, "keys=fill cpus=null flags=0 pairs=buffer");
  const auto expected = PredictHwprobe(c, f.State("edge.not-ready").state, *f.layout, kVvarAddress);
  ASSERT_TRUE(expected);
  ASSERT_EQ(expected->path, ExpectedCall::Path::kFallback) << expected->model;
  const auto ready_answer =
      PredictHwprobe(c, f.State("writer.day-up").state, *f.layout, kVvarAddress);
  ASSERT_EQ(ready_answer->path, ExpectedCall::Path::kFastPath);
  EXPECT_NE(CompareCall(Agreeing(*ready_answer), *expected), "");
  EXPECT_EQ(CompareCall(Agreeing(*expected), *expected), "");
}

TEST(HwprobeCompare, AWrongAnswerForAnUnknownKeyFails) {
  Fixture f;
  const auto cases = BuildHwprobeCases(f.policy.generation);
  const HwprobeCase& c = Case(cases, "keys=fill cpus=null flags=0 pairs=buffer");
  const auto expected = PredictHwprobe(c, f.State("writer.day-up").state, *f.layout, kVvarAddress);
  ASSERT_TRUE(expected);
  CallResult image = Agreeing(*expected);
  ASSERT_FALSE(image.buffers.empty());
  image.buffers[0][0] ^= 1;  // the key the vDSO wrote back is not -1
  EXPECT_NE(CompareCall(image, *expected), "");
}

TEST(HwprobeCompare, AFallbackWithChangedArgumentsFails) {
  Fixture f;
  const auto cases = BuildHwprobeCases(f.policy.generation);
  const HwprobeCase& c = Case(cases, "keys=valid cpus=partial flags=unknown pairs=vvar");
  const auto expected = PredictHwprobe(c, f.State("writer.day-up").state, *f.layout, kVvarAddress);
  ASSERT_TRUE(expected);
  ASSERT_EQ(expected->path, ExpectedCall::Path::kFallback);
  CallResult image = Agreeing(*expected);
  image.ecalls[0].args[4] = 0;  // flags dropped
  EXPECT_NE(CompareCall(image, *expected), "");
  EXPECT_EQ(expected->syscall_args[0].value, kVvarAddress + HwprobeScratchOffset(*f.layout))
      << "pairs live in the vvar scratch";
}

}  // namespace
}  // namespace vdsoconf::riscv::check
