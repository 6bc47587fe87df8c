// Inputs for the fuzz/support tests: a live-like seed (the Debian 7.2.13 vvar page on QEMU virt,
// FACTS.md) walked by the structure-aware mutator, with a share of anomalous steps and of random
// byte strings, so that every property, clock id class, namespace page and writer shape occurs.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/fuzz/model_mutator.h"
#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::fuzz::testing {

// The architecture the tests' inputs model: the one whose layouts the model fuzzer's states use
// (FindLayout), so a running clock has its counter's mode.
inline const ref::ArchModel& TestArch() {
  return ref::ArchOfUnnamedCalls();
}

inline ModelInput LiveLikeSeed() {
  ModelInput in;
  for (ClockFields* c : {&in.hres, &in.other}) {
    c->seq = 0x30a;
    c->clock_mode = TestArch().CounterClockMode();
    c->cycle_last = 1000;
    c->mask = ~0ull;
    c->mult = 0x64000000;
    c->shift = 24;
    c->base_sec = 1'764'000'000;
    c->base_nsec = 5ull << 24;
  }
  in.counter = 2000;
  in.hrtimer_res = 1;
  in.writer.seq_after = 0x30c;
  return in;
}

// `count` inputs: mutator walks from the seed (every third step also anomalous, so odd seqs,
// namespace pages with even seqs and unknown clock modes occur), every fifth one decoded from
// random bytes instead.
inline std::vector<ModelInput> VariedInputs(int count, std::uint64_t seed) {
  std::vector<ModelInput> inputs;
  MutationRng rng(seed);
  std::mt19937_64 bytes_rng(seed);
  ModelInput walk = LiveLikeSeed();
  for (int i = 0; i < count; ++i) {
    if (i % 5 == 4) {
      std::vector<std::uint8_t> bytes(kModelInputBytes);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(bytes_rng());
      inputs.push_back(ReadModelInput(bytes));
      continue;
    }
    MutatePlausibly(walk, TestArch(), rng);
    ModelInput probe = walk;
    if (i % 3 == 0) MutateAnomalously(probe, TestArch(), rng);
    inputs.push_back(probe);
  }
  return inputs;
}

}  // namespace vdsoconf::fuzz::testing
