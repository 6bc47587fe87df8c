// Property: for any vvar state, counter and arguments, a real vDSO image (run by its
// architecture's executor: for riscv64 under qemu-riscv64) and the reference model of its
// generation agree on __vdso_clock_gettime, __vdso_clock_getres and __vdso_gettimeofday: same
// outcome (answer, syscall fallback, spin), same bytes stored, same syscall and arguments, same
// counter reads (fuzz/differential/include/vdsoconf/fuzz/differential/compare.h says exactly
// what "same" is).
//
// The image comes from $VDSOCONF_FUZZ_IMAGE (a kernel or a vdso.so; `vdsoconf fuzz --target
// differential` sets it), image $VDSOCONF_FUZZ_IMAGE_INDEX of it or its first plain build. The
// Target that $VDSOCONF_FUZZ_ARCH names (unset: the default target; vdsoconf/fuzz/fuzzed_target.h)
// extracts and runs it. A disagreement aborts with "vdsoconf-finding: KIND: WHAT: both answers",
// KIND "divergence" (the image departs from its generation's specification) or "model-bug" (the
// model also breaks one of its own invariants on the input); KIND and WHAT are what findings are
// deduplicated by.
//
// Documented behaviour (the 64-bit wrap beyond the overflow horizon without max_cycles) is not a
// failure: it is printed once per process as "vdsoconf-documented: ..." and, when
// $VDSOCONF_FUZZ_DOCUMENTED_DIR is set, its first input is saved there for the campaign to
// report. With $VDSOCONF_FUZZ_STRICT=1 (replays) it aborts like a finding, KIND "documented".
//
// Inputs are ModelInputs with the model fuzzer's structure-aware mutator; the fields describing
// the build (generation, HZ, ...) are overridden by the image's own (harness.h).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include "vdsoconf/core/sha256.h"
#include "vdsoconf/fuzz/differential/harness.h"
#include "vdsoconf/fuzz/fuzzed_target.h"
#include "vdsoconf/fuzz/model_mutator.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using vdsoconf::fuzz::DifferentialHarness;
using vdsoconf::fuzz::Disagreement;

DifferentialHarness* harness = nullptr;  // one executor process for the whole run
bool documented_reported = false;

[[noreturn]] void Report(const Disagreement& d) {
  std::fprintf(stderr, "vdsoconf-finding: %s: %s: %s\n", d.kind.c_str(), d.what.c_str(),
               d.details.c_str());
  std::fflush(stderr);
  std::abort();
}

bool Strict() {
  const char* strict = std::getenv("VDSOCONF_FUZZ_STRICT");
  return strict != nullptr && std::string(strict) == "1";
}

void NoteDocumented(const Disagreement& d, const std::uint8_t* data, std::size_t size) {
  if (Strict()) Report(d);
  if (documented_reported) return;
  documented_reported = true;
  std::fprintf(stderr, "vdsoconf-documented: %s: %s\n", d.what.c_str(), d.details.c_str());
  if (const char* dir = std::getenv("VDSOCONF_FUZZ_DOCUMENTED_DIR"); dir && *dir) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    std::ofstream out(std::string(dir) + "/documented-" + vdsoconf::Sha256Hex(bytes),
                      std::ios::binary);
    out << bytes;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    harness = DifferentialHarness::FromEnvironment().release();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vdsoconf-differential: cannot start: %s\n", e.what());
    std::exit(2);
  }
  std::fprintf(stderr, "vdsoconf-differential: %s image %s (sha256 %s): %s\n",
               harness->path().c_str(), harness->image().Name().c_str(),
               harness->image().Sha256().c_str(),
               vdsoconf::fuzz::DescribeImageConfig(harness->config()).c_str());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vdsoconf::fuzz;
  const ModelInput input = harness->Adapt(ReadModelInput({data, size}));
  try {
    if (auto d = harness->Check(input)) Report(*d);
  } catch (const std::exception& e) {
    // The executor died twice on this input (the image killed it, or qemu did), or the model's
    // state could not be encoded: the harness cannot judge the image.
    Report({"infra", "harness-error", e.what()});
  }
  if (auto documented = harness->DocumentedBehaviour(input))
    NoteDocumented(*documented, data, size);
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  static const vdsoconf::ref::ArchModel& arch = vdsoconf::fuzz::FuzzedArchModel();
  return vdsoconf::fuzz::MutateModelBytes(data, size, max_size, seed, &LLVMFuzzerMutate, arch);
}

extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2,
                                                 std::uint8_t* out, std::size_t max_out_size,
                                                 unsigned int seed) {
  return vdsoconf::fuzz::CrossOverModelBytes(data1, size1, data2, size2, out, max_out_size, seed);
}
