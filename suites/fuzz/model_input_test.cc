#include "vdsoconf/fuzz/model_input.h"

#include <gtest/gtest.h>

#include <random>

#include "vdsoconf/fuzz/model_mutator.h"

namespace vdsoconf::fuzz {
namespace {

// The architecture the inputs model: the one whose layouts the model fuzzer's states use.
const ref::ArchModel& TestArch() {
  return ref::ArchOfUnnamedCalls();
}

std::string Hex(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  char buf[4];
  for (auto b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

TEST(ModelInput, FastReaderMatchesFuzzedDataProviderOnRandomBuffers) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> bytes(rng() % (kModelInputBytes + 40));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    const ModelInput fast = ReadModelInput(bytes);
    const ModelInput provider = ReadModelInputWithProvider(bytes);
    ASSERT_TRUE(fast == provider) << "size " << bytes.size() << " bytes " << Hex(bytes)
                                  << "\nfast clock_id=" << fast.clock_id
                                  << " provider clock_id=" << provider.clock_id;
  }
}

TEST(ModelInput, WriteThenReadGivesTheInputBack) {
  MutationRng rng(7);
  ModelInput input;
  for (int i = 0; i < 5000; ++i) {
    MutatePlausibly(input, TestArch(), rng);
    if (i % 3 == 0) MutateAnomalously(input, TestArch(), rng);
    const std::vector<std::uint8_t> bytes = WriteModelInput(input);
    ASSERT_EQ(bytes.size(), kModelInputBytes);
    const ModelInput back = ReadModelInputWithProvider(bytes);
    ASSERT_TRUE(back == input) << "iteration " << i << " bytes " << Hex(bytes);
  }
}

TEST(ModelInput, ShortInputsLeaveLaterFieldsAtTheirMinimum) {
  ModelInput input;
  input.property = ModelProperty::kGettimeofday;
  input.clock_id = 5;
  input.writer.counter_after = 99;
  const std::vector<std::uint8_t> bytes = WriteModelInput(input);
  // Integrals come from the end: keep only the last 11 bytes (property .. clock_id .. present).
  const std::vector<std::uint8_t> tail(bytes.end() - 11, bytes.end());
  const ModelInput short_input = ReadModelInput(tail);
  EXPECT_EQ(short_input.property, ModelProperty::kGettimeofday);
  EXPECT_EQ(short_input.clock_id, 5);
  EXPECT_EQ(short_input.writer.counter_after, 0u) << "fields past the end are zero";
}

}  // namespace
}  // namespace vdsoconf::fuzz
