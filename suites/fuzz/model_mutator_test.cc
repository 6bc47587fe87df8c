#include "vdsoconf/fuzz/model_mutator.h"

#include <gtest/gtest.h>

#include <vector>

#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::fuzz {
namespace {

// The architecture the inputs model: the one whose layouts the model fuzzer's states use.
const ref::ArchModel& TestArch() {
  return ref::ArchOfUnnamedCalls();
}

// What a Debian 7.2 kernel on QEMU virt writes (FACTS.md: seq 0x30a, ARCHTIMER, mask ~0,
// mult 0x64000000, shift 24 for the 10 MHz timebase).
ModelInput LiveLikeSeed() {
  ModelInput in;
  in.generation = ref::Generation::kLinux7_2;
  for (ClockFields* c : {&in.hres, &in.other}) {
    c->seq = 0x30a;
    c->clock_mode = TestArch().CounterClockMode();
    c->cycle_last = 0x12345678;
    c->mask = ~0ull;
    c->max_cycles = 0;
    c->mult = 0x64000000;
    c->shift = 24;
    c->base_sec = 1'764'000'000;
    c->base_nsec = 123456789ull << 24;
  }
  in.counter = 0x12345678 + 1000;
  in.hrtimer_res = 1;
  in.writer.seq_after = 0x30c;
  return in;
}

TEST(ModelMutator, SeedIsPlausible) {
  std::string why;
  EXPECT_TRUE(IsKernelPlausible(LiveLikeSeed(), TestArch(), &why)) << why;
}

TEST(ModelMutator, PlausibleMutationsKeepEveryKernelRuleOver10000Steps) {
  std::vector<ModelInput> seeds = {LiveLikeSeed()};
  ModelInput timens = LiveLikeSeed();
  timens.in_timens = true;
  timens.ns.seq = 1;
  timens.ns.clock_mode = ref::kClockModeTimens;
  seeds.push_back(timens);
  ModelInput old = LiveLikeSeed();
  old.generation = ref::Generation::kLinux6_1;
  seeds.push_back(old);
  MutationRng rng(42);
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    ModelInput in = seeds[s];
    for (int i = 0; i < 10000; ++i) {
      MutatePlausibly(in, TestArch(), rng);
      std::string why;
      ASSERT_TRUE(IsKernelPlausible(in, TestArch(), &why))
          << "seed " << s << " step " << i << ": " << why;
      ASSERT_EQ(in.hres.seq % 2, 0u) << "seed " << s << " step " << i;
      ASSERT_TRUE(!in.overflow_protect || in.generation != ref::Generation::kLinux6_1)
          << "seed " << s << " step " << i;
    }
  }
}

TEST(ModelMutator, PlausibilityRejectsEachBrokenRule) {
  struct Case {
    const char* rule;
    void (*breaks)(ModelInput&);
  };
  const Case cases[] = {
      {"odd seq", [](ModelInput& in) { in.hres.seq |= 1; }},
      {"unknown clock_mode", [](ModelInput& in) { in.other.clock_mode = 7; }},
      {"shift > 32", [](ModelInput& in) { in.hres.shift = 40; }},
      {"mask", [](ModelInput& in) { in.hres.mask = 0xf0; }},
      {"mult 0", [](ModelInput& in) { in.hres.mult = 0; }},
      {"max_cycles > mask",
       [](ModelInput& in) {
         in.hres.mask = 0xff;
         in.hres.max_cycles = 0x100;
         in.hres.base_nsec = 0;
       }},
      {"nsec", [](ModelInput& in) { in.hres.base_nsec = 1'000'000'000ull << 24; }},
      {"overflow_protect on 6.1",
       [](ModelInput& in) {
         in.generation = ref::Generation::kLinux6_1;
         in.overflow_protect = true;
       }},
      {"namespace page",
       [](ModelInput& in) {
         in.in_timens = true;
         in.ns.seq = 2;
         in.ns.clock_mode = ref::kClockModeTimens;
       }},
      {"hrtimer_res", [](ModelInput& in) { in.hrtimer_res = 3; }},
      {"writer seq", [](ModelInput& in) { in.writer.seq_after = in.hres.seq + 1; }},
  };
  for (const Case& c : cases) {
    ModelInput in = LiveLikeSeed();
    c.breaks(in);
    std::string why;
    EXPECT_FALSE(IsKernelPlausible(in, TestArch(), &why)) << c.rule << " was accepted";
  }
}

TEST(ModelMutator, AnomalousMutationsLeaveThePlausibleSpace) {
  MutationRng rng(3);
  int implausible = 0;
  for (int i = 0; i < 1000; ++i) {
    ModelInput in = LiveLikeSeed();
    MutateAnomalously(in, TestArch(), rng);
    if (!IsKernelPlausible(in, TestArch(), nullptr)) ++implausible;
  }
  // ns-page mutations of a task outside a namespace are harmless; most others are not.
  EXPECT_GT(implausible, 500) << implausible << " of 1000";
}

TEST(ModelMutator, CustomMutatorOutputIsCanonicalAndBounded) {
  std::vector<std::uint8_t> buffer = WriteModelInput(LiveLikeSeed());
  buffer.resize(4096);
  std::size_t size = kModelInputBytes;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    size = MutateModelBytes(buffer.data(), size, buffer.size(), seed, nullptr, TestArch());
    ASSERT_EQ(size, kModelInputBytes) << "seed " << seed;
    const std::vector<std::uint8_t> bytes(buffer.begin(), buffer.begin() + size);
    ASSERT_EQ(WriteModelInput(ReadModelInput(bytes)), bytes) << "seed " << seed;
  }
  EXPECT_EQ(MutateModelBytes(buffer.data(), size, 10, 1, nullptr, TestArch()), 10u)
      << "max_size honoured";
}

TEST(ModelMutator, CrossOverTakesFieldGroupsFromBothParents) {
  ModelInput a = LiveLikeSeed();
  ModelInput b = LiveLikeSeed();
  b.clock_id = 4;
  b.hres.base_sec = 5;
  const auto ba = WriteModelInput(a);
  const auto bb = WriteModelInput(b);
  std::vector<std::uint8_t> out(kModelInputBytes);
  bool saw_a = false, saw_b = false;
  for (unsigned seed = 0; seed < 64; ++seed) {
    CrossOverModelBytes(ba.data(), ba.size(), bb.data(), bb.size(), out.data(), out.size(), seed);
    const ModelInput child = ReadModelInput(out);
    saw_a |= child.hres.base_sec == a.hres.base_sec;
    saw_b |= child.hres.base_sec == b.hres.base_sec;
  }
  EXPECT_TRUE(saw_a && saw_b) << "saw_a=" << saw_a << " saw_b=" << saw_b;
}

}  // namespace
}  // namespace vdsoconf::fuzz
