// The custom mutator keeps inputs whole (kModelInputBytes): a byte mutation that shortens one is
// padded at the front, so the bytes the decoder reads first (the end of the buffer) survive.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "model_inputs_for_tests.h"
#include "vdsoconf/fuzz/model_mutator.h"

namespace vdsoconf::fuzz {
namespace {

// Stands in for libFuzzer's EraseBytes: drops the first 40 bytes.
std::size_t EraseFront(std::uint8_t* data, std::size_t size, std::size_t) {
  const std::size_t n = size > 40 ? size - 40 : 1;
  std::memmove(data, data + (size - n), n);
  return n;
}

// Finds a seed whose choice is the byte mutator (the mutator draws it first).
unsigned ByteMutationSeed() {
  for (unsigned seed = 0;; ++seed) {
    std::vector<std::uint8_t> probe = WriteModelInput(testing::LiveLikeSeed());
    bool called = false;
    static bool* flag;
    flag = &called;
    MutateModelBytes(
        probe.data(), probe.size(), probe.size(), seed,
        [](std::uint8_t*, std::size_t size, std::size_t) {
          *flag = true;
          return size;
        },
        testing::TestArch());
    if (called) return seed;
  }
}

TEST(MutateModelBytes, PadsAShortenedInputBackToAWholeOne) {
  const unsigned seed = ByteMutationSeed();
  const std::vector<std::uint8_t> original = WriteModelInput(testing::LiveLikeSeed());
  std::vector<std::uint8_t> data = original;
  const std::size_t n = MutateModelBytes(data.data(), data.size(), data.size(), seed, &EraseFront,
                                         testing::TestArch());
  ASSERT_EQ(n, kModelInputBytes) << "seed " << seed;
  EXPECT_TRUE(std::all_of(data.begin(), data.begin() + 40, [](std::uint8_t b) { return b == 0; }))
      << "the 40 erased bytes come back as zeros at the front";
  EXPECT_TRUE(std::equal(data.begin() + 40, data.end(), original.begin() + 40))
      << "the bytes the decoder reads first keep their place at the end";
}

TEST(MutateModelBytes, LeavesAShortInputShortWhenMaxSizeIsSmall) {
  const unsigned seed = ByteMutationSeed();
  std::vector<std::uint8_t> data(100, 7);
  const std::size_t n =
      MutateModelBytes(data.data(), data.size(), 100, seed, &EraseFront, testing::TestArch());
  EXPECT_EQ(n, 60u) << "max_size 100 < kModelInputBytes " << kModelInputBytes;
}

}  // namespace
}  // namespace vdsoconf::fuzz
