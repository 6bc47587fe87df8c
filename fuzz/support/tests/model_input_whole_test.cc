// ReadModelInput decodes buffers of at least kModelInputBytes by fixed offsets from their end
// (the whole-buffer path): it must still read what FuzzedDataProvider reads, for every length.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "vdsoconf/fuzz/model_input.h"

namespace vdsoconf::fuzz {
namespace {

TEST(ModelInput, WholeBufferPathMatchesFuzzedDataProviderAtEveryLength) {
  std::mt19937_64 rng(3);
  for (std::size_t size = kModelInputBytes - 3; size <= 2 * kModelInputBytes + 9; ++size) {
    for (int round = 0; round < 20; ++round) {
      std::vector<std::uint8_t> bytes(size);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
      const ModelInput fast = ReadModelInput(bytes);
      const ModelInput provider = ReadModelInputWithProvider(bytes);
      ASSERT_TRUE(fast == provider)
          << "size " << size << " round " << round << ": fast clock_id=" << fast.clock_id
          << " counter=" << fast.counter << " writer.counter_after=" << fast.writer.counter_after
          << "; provider clock_id=" << provider.clock_id << " counter=" << provider.counter
          << " writer.counter_after=" << provider.writer.counter_after;
    }
  }
}

}  // namespace
}  // namespace vdsoconf::fuzz
