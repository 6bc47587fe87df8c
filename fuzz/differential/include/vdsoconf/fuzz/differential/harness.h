// The differential harness: one real vDSO image running under its architecture's executor, and
// the reference model of the image's generation, fed the same ModelInput (vvar state, counter,
// arguments). The architecture is reached only through its Target (vdsoconf/targets/target.h):
// the target's image extraction finds the image, its executor runs it.
//
//   auto harness = DifferentialHarness::Open(target, "/path/vmlinuz");   // or a vdso.so
//   ModelInput input = harness->Adapt(ReadModelInput(bytes));
//   if (auto d = harness->Check(input)) { ... a finding ... }
//
// One executor session (for riscv64: a process under qemu-riscv64) is started by Open and reused
// for every Check; each Check is one batch of three calls (clock_gettime, clock_getres,
// gettimeofday on the input's state), so the fuzzer pays one host/guest round trip per input.
//
// The image's build options that change its behaviour but not its vvar layout are learned from
// the image itself when it is opened (see ImageConfig), so the model is configured as the image
// was built, not as someone guessed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "vdsoconf/fuzz/differential/compare.h"
#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/fuzz/model_state.h"
#include "vdsoconf/targets/image_executor.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::fuzz {

// How the image under test was built, as far as its readers can tell.
struct ImageConfig {
  ref::Generation generation = ref::Generation::kLinux7_2;  // from the image (GuessGeneration)
  // CONFIG_HZ: from clock_getres(CLOCK_MONOTONIC_COARSE), which returns TICK_NSEC. When the answer
  // is no kHzChoices' TICK_NSEC (a broken image), 250 (Debian's) and hz_probed is false.
  std::uint32_t hz = 250;
  bool hz_probed = false;
  // CONFIG_POSIX_AUX_CLOCKS (7.2): clock_gettime(CLOCK_AUX) on an enabled aux clock returns
  // without a syscall only when the vDSO was built with it.
  bool posix_aux_clocks = false;
  // CONFIG_TIME_NS: a namespace page (seq 1, clock_mode TIMENS) is followed to the real page only
  // with it; without, the odd seq spins.
  bool time_namespaces = true;
  // CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT (it would move every field after cycle_last): RISC-V, the
  // one architecture so far, never selects it, so the harness models the image without it. The
  // option is the architecture's (#14: it belongs to the per-architecture model policy).
  bool overflow_protect = false;
};

// "generation 7.2, HZ 250 (probed), aux clocks off, time namespaces on, no overflow protection".
std::string DescribeImageConfig(const ImageConfig& config);

class DifferentialHarness {
 public:
  // What every ecall the image makes returns: not 0 and no errno the kernel uses, so a vDSO that
  // drops or invents the syscall's result is seen.
  static constexpr std::int64_t kSyscallReturn = -1234;

  // Extracts the vDSO images of `path` (a kernel file or a vdso.so of `target`'s architecture)
  // with the target's extractor, picks image `index` (or, when index < 0, the first that is not
  // a CFI build), starts the target's executor on it and probes the image's build options.
  // Throws InfraError when the file has no usable image (no generation, no vvar reference, index
  // out of range) or the executor cannot start.
  static std::unique_ptr<DifferentialHarness> Open(targets::Target& target,
                                                   const std::filesystem::path& path,
                                                   int index = -1);

  // Open(FuzzedTarget(), $VDSOCONF_FUZZ_IMAGE, $VDSOCONF_FUZZ_IMAGE_INDEX or -1): the target is
  // $VDSOCONF_FUZZ_ARCH's or the default (vdsoconf/fuzz/fuzzed_target.h). Throws InfraError
  // naming the variable when VDSOCONF_FUZZ_IMAGE is unset or VDSOCONF_FUZZ_ARCH names nothing.
  static std::unique_ptr<DifferentialHarness> FromEnvironment();

  const ImageConfig& config() const { return config_; }
  const targets::ExtractedImage& image() const { return *image_; }
  const std::filesystem::path& path() const { return path_; }

  // `input` with the fields that describe the build (generation, overflow protection, HZ, aux
  // clocks, time namespaces) replaced by the image's: the fuzzer mutates them, the image is fixed.
  ModelInput Adapt(ModelInput input) const;

  // Runs clock_gettime, clock_getres and gettimeofday on the input's state (before any writer) on
  // both sides and compares them (compare.h). When they disagree and the model also breaks one of
  // its own invariants on the input (model_invariants.h), the finding is a model bug; otherwise
  // the image diverges from its generation's specification. Returns std::nullopt when they agree.
  // Requires an Adapt()ed input. Throws InfraError when the executor dies twice on the batch.
  std::optional<Disagreement> Check(const ModelInput& input);

  // Documented behaviour the input shows on the image (only meaningful after Check agreed):
  // clock_gettime of a counter-based clock whose delta reaches the 64-bit overflow horizon of
  // its mult/base with no overflow protection (no max_cycles) wraps: time jumps backwards.
  // Returns it with the horizon, or std::nullopt.
  std::optional<Disagreement> DocumentedBehaviour(const ModelInput& input) const;

  // Executor calls made so far (three per Check, more for re-runs).
  std::uint64_t calls() const { return calls_; }

 private:
  DifferentialHarness(std::filesystem::path path, std::unique_ptr<targets::ExtractedImage> image);
  void ProbeConfig();
  std::vector<targets::EntryCallResult> RunBatch(std::span<const targets::EntryCall> calls);

  std::filesystem::path path_;
  std::unique_ptr<targets::ExtractedImage> image_;
  ImageConfig config_;
  // The vvar clock_mode under which the image reads the counter the executor controls.
  std::int32_t counter_clock_mode_ = 0;
  std::unique_ptr<targets::ImageSession> session_;
  std::uint64_t gettime_entry_ = 0, getres_entry_ = 0, gettimeofday_entry_ = 0;
  ModelStates states_;
  std::vector<std::uint8_t> vvar_;  // the executor's vvar baseline (empty: unknown)
  std::uint64_t calls_ = 0;
};

}  // namespace vdsoconf::fuzz
