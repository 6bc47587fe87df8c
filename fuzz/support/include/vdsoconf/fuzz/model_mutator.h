// Structure-aware mutation of model-fuzzer inputs (LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver of fuzz/model), reusable by any target whose input is a ModelInput.
//
// Plain byte flips on a vvar state almost never produce what a kernel writes: the seq turns odd
// (the reader just spins), mult/shift stop describing a clock, basetime nsec stops being
// normalised. The structural mutations here change one thing the way a kernel (or a caller)
// could: a timebase frequency with a matching mult/shift, a counter at a chosen distance from
// cycle_last (just before max_cycles, past the mask), a seq bumped by a completed write, a task
// moved into a time namespace, a writer racing the reader. A share of mutations deliberately
// leaves that space (odd seq, shift >= 64, unknown clock_mode), and a share is libFuzzer's own
// byte mutation, so the fuzzer still reaches what nobody thought of.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::fuzz {

// A small deterministic generator (splitmix64): the same seed gives the same mutations, so
// libFuzzer's -seed reproduces a run.
class MutationRng {
 public:
  explicit MutationRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform-ish in [0, bound); 0 when bound is 0.
  std::uint64_t Below(std::uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }
  bool OneIn(std::uint64_t n) { return Below(n) == 0; }

 private:
  std::uint64_t state_;
};

// The mutations and rules below take the architecture whose kernels are modelled (`arch`: the
// fuzzed target's, FuzzedArchModel in vdsoconf/fuzz/fuzzed_arch_model.h): its counter's clock mode is
// the mode of a running clock (ArchModel::CounterClockMode, ARCHTIMER on RISC-V).
//
// Whether `input` describes what a kernel of its generation could have written (the caller's
// arguments, the clock id and the counter, are free). The rules:
//   - overflow_protect only for generations with CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT;
//   - real-page clocks (hres, other): even seq; clock_mode NONE or the counter's; shift <= 32;
//     mask = 2^k - 1 (1 <= k <= 64); mult != 0 with the counter's mode; max_cycles <= mask;
//     basetime nsec < NSEC_PER_SEC << shift (also realtime_nsec, against hres.shift);
//   - inside a time namespace the namespace page has seq 1, clock_mode TIMENS, offset nsec < 1e9;
//   - hrtimer_res is 1 (high resolution) or TICK_NSEC of hz;
//   - the writer completes one update: seq_after == seq + 2 of the clock it writes, its nsec
//     normalised like basetime's.
// Returns true, or false with the first broken rule and its values in `why` (may be null).
bool IsKernelPlausible(const ModelInput& input, const ref::ArchModel& arch, std::string* why);

// One mutation that keeps a kernel-plausible input plausible (see IsKernelPlausible).
void MutatePlausibly(ModelInput& input, const ref::ArchModel& arch, MutationRng& rng);

// One mutation into states no kernel writes but a vDSO can be shown: odd or torn seq, unknown
// clock_mode, shift >= 64, mult 0, unnormalised nsec, a namespace page with an even seq.
void MutateAnomalously(ModelInput& input, const ref::ArchModel& arch, MutationRng& rng);

// libFuzzer's byte mutator (LLVMFuzzerMutate), passed in so tests can run without libFuzzer.
using ByteMutator = std::size_t (*)(std::uint8_t* data, std::size_t size, std::size_t max_size);

// The custom mutator: decodes data[0, size), applies a plausible mutation (about 60%), an
// anomalous one (20%) or `byte_mutator` (20%, skipped when null), and encodes the result into
// `data`. Returns the new size (<= max_size): kModelInputBytes, or max_size when that is smaller
// (the encoding is then truncated like any short input). A byte mutation that leaves fewer than
// kModelInputBytes bytes is padded at the front with zero bytes: a short input says nothing a
// whole one cannot (its missing fields take their minimum), and whole inputs keep the decoder and
// the cross-over on their fixed-offset paths.
std::size_t MutateModelBytes(std::uint8_t* data, std::size_t size, std::size_t max_size,
                             unsigned seed, ByteMutator byte_mutator, const ref::ArchModel& arch);

// The definition of the cross-over: `a` with field groups (the call's property, clock id and
// counter; the generation, overflow protection and namespace membership; each clock; the writer)
// taken from `b`, each with probability 1/2, decided by `seed`.
ModelInput CrossOverModelInputs(const ModelInput& a, const ModelInput& b, unsigned seed);

// The custom cross-over: the encoding of CrossOverModelInputs(Read(data1), Read(data2), seed).
// When both parents and `out` hold a whole encoding (kModelInputBytes or more; the custom
// mutator writes nothing else), the chosen groups' bytes are copied from parent to child without
// decoding (half of all mutations are cross-overs). Returns the size written to `out`
// (<= max_out_size).
std::size_t CrossOverModelBytes(const std::uint8_t* data1, std::size_t size1,
                                const std::uint8_t* data2, std::size_t size2, std::uint8_t* out,
                                std::size_t max_out_size, unsigned seed);

}  // namespace vdsoconf::fuzz
