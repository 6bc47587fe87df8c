// CrossOverModelBytes copies the chosen field groups' bytes between whole encodings without
// decoding them; its child must decode to what CrossOverModelInputs (the definition) makes of the
// decoded parents, for any parent bytes and sizes.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "vdsoconf/fuzz/model_mutator.h"

namespace vdsoconf::fuzz {
namespace {

std::vector<std::uint8_t> RandomBytes(std::mt19937_64& rng, std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  return bytes;
}

TEST(CrossOver, ChildDecodesToTheCrossOverOfTheDecodedParents) {
  std::mt19937_64 rng(41);
  int whole = 0, took_from_second = 0;
  for (unsigned seed = 0; seed < 20000; ++seed) {
    // Mostly whole encodings (the byte-level path), some longer, some short (the decoding path).
    const auto size_of = [&] {
      const std::uint64_t pick = rng() % 8;
      if (pick < 5) return kModelInputBytes;
      if (pick < 7) return kModelInputBytes + rng() % 40;
      return static_cast<std::size_t>(rng() % kModelInputBytes);
    };
    const std::vector<std::uint8_t> a = RandomBytes(rng, size_of());
    const std::vector<std::uint8_t> b = RandomBytes(rng, size_of());
    std::vector<std::uint8_t> out(kModelInputBytes + 7);
    const std::size_t n =
        CrossOverModelBytes(a.data(), a.size(), b.data(), b.size(), out.data(), out.size(), seed);
    ASSERT_LE(n, out.size());
    const ModelInput parent_a = ReadModelInput(a), parent_b = ReadModelInput(b);
    const ModelInput child = ReadModelInput({out.data(), n});
    const ModelInput expected = CrossOverModelInputs(parent_a, parent_b, seed);
    ASSERT_TRUE(child == expected)
        << "seed " << seed << " sizes " << a.size() << "/" << b.size()
        << ": child clock_id=" << child.clock_id << " counter=" << child.counter
        << " hres.seq=" << child.hres.seq << " ns.seq=" << child.ns.seq
        << " writer.seq_after=" << child.writer.seq_after
        << " generation=" << static_cast<int>(child.generation)
        << "; expected clock_id=" << expected.clock_id << " counter=" << expected.counter
        << " hres.seq=" << expected.hres.seq << " ns.seq=" << expected.ns.seq
        << " writer.seq_after=" << expected.writer.seq_after
        << " generation=" << static_cast<int>(expected.generation);
    whole += a.size() >= kModelInputBytes && b.size() >= kModelInputBytes;
    took_from_second += !(expected == parent_a);
  }
  EXPECT_GT(whole, 5000) << "the byte-level path must be exercised";
  EXPECT_GT(took_from_second, 15000) << "children must take groups from the second parent";
}

TEST(CrossOver, RespectsASmallOutputBuffer) {
  std::mt19937_64 rng(42);
  const std::vector<std::uint8_t> a = RandomBytes(rng, kModelInputBytes);
  const std::vector<std::uint8_t> b = RandomBytes(rng, kModelInputBytes);
  std::vector<std::uint8_t> out(10);
  EXPECT_EQ(CrossOverModelBytes(a.data(), a.size(), b.data(), b.size(), out.data(), out.size(), 1),
            10u)
      << "max_out_size " << out.size();
}

}  // namespace
}  // namespace vdsoconf::fuzz
