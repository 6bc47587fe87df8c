// Property: for any vvar contents, counter and arguments, the reference model of the RISC-V vDSO
// readers (__vdso_clock_gettime, __vdso_clock_getres, __vdso_gettimeofday of 6.1, 6.12 and 7.2)
// runs without crash or undefined behaviour (ASan+UBSan) and keeps these invariants
// (fuzz/support/include/vdsoconf/fuzz/model_invariants.h states each with its kernel source):
//   normalised-timespec  every returned timespec has 0 <= tv_nsec < 1e9, except plain do_coarse()
//   coarse-copy          do_coarse() returns basetime[] bit for bit
//   outcome-shape        returned/fallback/spin results are internally consistent
//   clock-id-class       out-of-range and unserved ids fall back before any read
//   seq-decides-spin     with an idle writer, an odd seq spins and an even one never retries
//   gettimeofday-agrees  gettimeofday == clock_gettime(CLOCK_REALTIME) truncated to us, same
//   fallbacks getres-value         clock_getres returns the resolution of the id's class, never
//   spins no-torn-value        a racing writer never makes the reader accept a mixed state
// A broken invariant aborts with "vdsoconf-model-invariant: RULE: values", RULE being the stable
// part that `vdsoconf fuzz` deduplicates findings by.
//
// Inputs are ModelInputs (model_input.h), decoded with FuzzedDataProvider; the custom mutator
// (model_mutator.h) keeps most of them kernel-plausible. Per input nothing is allocated unless an
// invariant breaks. Neither fuzz/support nor the reference reader has coverage counters: the
// features libFuzzer gets are the reader's behaviours on the input (model_feedback.h), two per
// reader call. The fuzzer should run at no less than half the speed of fuzz_empty
// (fuzz/bench/exec_rate.sh; fuzz/bench/model_budget.md has where it stands).
#include <cstddef>
#include <cstdint>

#include "vdsoconf/fuzz/fuzzed_arch_model.h"
#include "vdsoconf/fuzz/model_invariants.h"
#include "vdsoconf/fuzz/model_mutator.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

// The entry points carry no coverage counters either (no_sanitize("coverage")): each would be one
// more feature on every input, the same on all of them, which libFuzzer pays for per execution.
#define VDSOCONF_NO_COVERAGE __attribute__((no_sanitize("coverage")))

extern "C" VDSOCONF_NO_COVERAGE int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                                           std::size_t size) {
  vdsoconf::fuzz::CheckModelBytesOrAbort({data, size});
  return 0;
}

extern "C" VDSOCONF_NO_COVERAGE std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data,
                                                                    std::size_t size,
                                                                    std::size_t max_size,
                                                                    unsigned int seed) {
  // The architecture is looked up once: the mutator runs on every mutation.
  static const vdsoconf::ref::ArchModel& arch = vdsoconf::fuzz::FuzzedArchModel();
  return vdsoconf::fuzz::MutateModelBytes(data, size, max_size, seed, &LLVMFuzzerMutate, arch);
}

extern "C" VDSOCONF_NO_COVERAGE std::size_t LLVMFuzzerCustomCrossOver(
    const std::uint8_t* data1, std::size_t size1, const std::uint8_t* data2, std::size_t size2,
    std::uint8_t* out, std::size_t max_out_size, unsigned int seed) {
  return vdsoconf::fuzz::CrossOverModelBytes(data1, size1, data2, size2, out, max_out_size, seed);
}
