// check-image.getrandom without QEMU: the chains reach every gate of the model, chained steps see
// the state the previous step left, and the comparison fails on wrong bytes, a missing reseed and
// a wrong fallback.
#include <gtest/gtest.h>

#include <set>

#include "getrandom_plan.h"
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
  const ref::VvarState& Vvar() const { return states.Representative().state; }
  std::vector<std::optional<GetrandomExpectation>> Predict(const std::string& chain_name) const {
    for (const GetrandomChain& chain : BuildGetrandomChains(Vvar().rng.generation)) {
      if (chain.name == chain_name) {
        return PredictGetrandomChain(chain, Vvar(), *layout, kVvarAddress);
      }
    }
    ADD_FAILURE() << "no chain " << chain_name;
    return {};
  }
  ref::ReaderPolicy policy;
  StateSet states;
  const ref::Layout* layout = nullptr;
};

CallResult Agreeing(const GetrandomExpectation& expected) {
  CallResult result;
  if (expected.kind == GetrandomExpectation::Kind::kFault) {
    result.outcome = protocol::Outcome::kFault;
    return result;
  }
  result.return_value = static_cast<std::uint64_t>(expected.return_value);
  for (const auto& want : expected.ecalls) {
    CaughtEcall ecall;
    ecall.number = want.number;
    for (std::size_t a = 0; a < want.args.size(); ++a)
      ecall.args[a] = want.args[a].value_or(0x1000);
    result.ecalls.push_back(ecall);
  }
  if (!expected.buffer.empty()) result.buffers.push_back(expected.buffer);
  return result;
}

TEST(GetrandomChains, EveryStepOfEveryChainIsJudgedOnAReadyRng) {
  Fixture f;
  for (const GetrandomChain& chain : BuildGetrandomChains(f.Vvar().rng.generation)) {
    const auto expected = PredictGetrandomChain(chain, f.Vvar(), *f.layout, kVvarAddress);
    ASSERT_EQ(expected.size(), chain.steps.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_TRUE(expected[i].has_value()) << chain.name << " step " << i;
      EXPECT_EQ(CompareGetrandom(Agreeing(*expected[i]), *expected[i]), "")
          << chain.name << " step " << i;
    }
  }
}

TEST(GetrandomChains, AChainedStepDependsOnTheStateThePreviousStepLeft) {
  Fixture f;
  const auto chain = f.Predict("chain");
  ASSERT_EQ(chain.size(), 4u);
  // Step 0 takes the (recognisable) batch bytes; step 1 the rest of the batch and fresh blocks.
  EXPECT_EQ(chain[0]->return_value, 40);
  EXPECT_NE(chain[0]->buffer, chain[1]->buffer);
  EXPECT_EQ(chain[1]->return_value, 40);
}

TEST(GetrandomCompare, WrongBytesFail) {
  Fixture f;
  const auto blocks = f.Predict("blocks");
  CallResult image = Agreeing(*blocks[0]);
  image.buffers[0][150] ^= 0x80;
  const std::string diff = CompareGetrandom(image, *blocks[0]);
  EXPECT_NE(diff.find("buffer"), std::string::npos) << diff;
}

// An image that ignores the generation never issues the reseed getrandom(key, 32, 0).
TEST(GetrandomCompare, AMissingReseedFails) {
  Fixture f;
  const auto reseed = f.Predict("reseed");
  ASSERT_EQ(reseed[0]->ecalls.size(), 1u) << reseed[0]->model;
  CallResult image = Agreeing(*reseed[0]);
  image.ecalls.clear();
  EXPECT_NE(CompareGetrandom(image, *reseed[0]), "");
}

TEST(GetrandomCompare, AFallbackWithOtherArgumentsOrAnswerFails) {
  Fixture f;
  const auto flags = f.Predict("unknown-flags");
  ASSERT_EQ(flags[0]->ecalls.size(), 1u);
  CallResult image = Agreeing(*flags[0]);
  image.ecalls[0].args[2] = 0;  // flags not passed on
  EXPECT_NE(CompareGetrandom(image, *flags[0]), "");
  // Answering bytes instead of falling back.
  const auto ready = f.Predict("blocks");
  EXPECT_NE(CompareGetrandom(Agreeing(*ready[0]), *flags[0]), "");
}

TEST(GetrandomCompare, ANullBufferMustFault) {
  Fixture f;
  const auto null_buffer = f.Predict("null-buffer");
  ASSERT_EQ(null_buffer[0]->kind, GetrandomExpectation::Kind::kFault);
  CallResult returned;
  EXPECT_NE(CompareGetrandom(returned, *null_buffer[0]), "");
}

}  // namespace
}  // namespace vdsoconf::riscv::check
