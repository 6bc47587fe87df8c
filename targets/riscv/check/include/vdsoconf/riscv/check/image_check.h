// The named checks of `vdsoconf check-image`: what a check gets, what it returns, and how it
// makes itself known.
//
// A check compares one property of one vDSO image with the reference model: the image runs under
// the executor (executor.h) against vvar pages and counter values the check chooses, the model
// (reference/) says what the kernel's C code computes for the same inputs, and every difference
// is a failure with a reproducer. The runner (image_checker.h) makes one CheckContext per image,
// runs every registered check on it and writes one reports::CheckResult per check into the
// image's target in results.json.
//
// How to add a check (one file, nothing else to edit):
//
//   // targets/riscv/check/src/checks/seqlock_check.cc
//   #include "vdsoconf/riscv/check/check_recorder.h"
//   #include "vdsoconf/riscv/check/image_check.h"
//
//   namespace vdsoconf::riscv::check {
//   namespace {
//   CheckOutcome RunSeqlock(const CheckContext& context) {
//     CheckRecorder recorder("check-image.seqlock");
//     const auto entry = context.Entry("__vdso_clock_gettime");
//     if (!entry) return recorder.Skip("the image does not export __vdso_clock_gettime");
//     for (const GeneratedState& state : context.states.states) {
//       ... build CallRequests (batch them: Run(span) or RunCounterSweep) ...
//       ... ask the model (ref::ClockGettime with a ScriptedSource and context.facts.policy) ...
//       recorder.CountCalls(results.size());
//       recorder.Compare(...) / recorder.Fail(summary, reproducer);
//     }
//     return recorder.Finish("image retries exactly like the model at every injection point");
//   }
//   const CheckRegistration kRegistration{{"check-image.seqlock", 40, RunSeqlock}};
//   }  // namespace
//   }  // namespace vdsoconf::riscv::check
//
// and a unit test in suites/arch/riscv/check/seqlock_unit_test.cc that feeds the check's comparison synthetic
// CallResults (no QEMU) and shows it failing on a wrong observation. The file is picked up by
// the glob in targets/riscv/check/CMakeLists.txt (re-run cmake once after adding it).
//
// Rules for a check: it never throws for anything the image does (faults, hangs, wrong values
// are failures in the CheckResult); InfraError (the executor could not run) may escape and ends
// the run with exit 2. It batches its calls: one Run() per state or per sweep, never one call
// per round trip. It counts its comparisons (the "checks" of checks/s) and executor calls.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/riscv/check/build_facts.h"
#include "vdsoconf/riscv/check/vvar_states.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv::check {

// Everything a check needs about one image. Built by the runner; valid for the duration of one
// check run. The executor has been started on `image` with `vvar_pages` data pages; its vvar
// baseline is whatever the previous call left (every check sets vvar_full on its first call).
struct CheckContext {
  // Stable name of the image inside its kernel: "vdso-0", "vdso-1-cfi", or the file's stem.
  std::string image_name;
  const VdsoImage& image;
  // The image's layout and build options as the model uses them (build_facts.h).
  const BuildFacts& facts;
  // The table of facts.layout (field names, pages, offsets): for sensitivity maps and summaries.
  const ref::Layout& layout;
  std::uint32_t vvar_pages = 0;
  VdsoExecutor& executor;
  // The generated vvar states for facts.layout (vvar_states.h).
  const StateSet& states;

  // The offset of `symbol` ("__vdso_clock_gettime") when the image exports it, else nullopt.
  std::optional<std::uint64_t> Entry(std::string_view symbol) const;
};

// What a check run produced.
struct CheckOutcome {
  // id is the check's name; status kPass/kFail/kSkip/kHang/kError; evidence and, for a failure,
  // the reproducers (check_recorder.h builds these).
  reports::CheckResult result;
  // Image-versus-model comparisons made: one per call whose answer was compared (return value,
  // output bytes and path count as one). What checks/s counts.
  std::uint64_t comparisons = 0;
  // Calls the executor ran (each run of a counter sweep counts).
  std::uint64_t calls = 0;
};

using CheckFunction = std::function<CheckOutcome(const CheckContext&)>;

struct ImageCheck {
  // "check-image.<property>", e.g. "check-image.clock_gettime". Unique.
  std::string name;
  // Run order (ascending, then by name): cheap, basic checks first so that the report of a
  // broken image starts with the most telling failure.
  int order = 50;
  CheckFunction run;
};

// Registers `check` for every image. Construct one as a namespace-scope static in the check's
// .cc. A second registration with the same name aborts at start-up with a message (a programming
// error that would otherwise drop a check silently).
struct CheckRegistration {
  explicit CheckRegistration(ImageCheck check);
};

// Every registered check in run order. Stable across calls.
const std::vector<ImageCheck>& RegisteredChecks();

// Runs `check` on `context` and never lets anything but InfraError escape: any other exception
// becomes a kError result naming it. Fills duration_ms. The id is always check.name.
CheckOutcome RunCheck(const ImageCheck& check, const CheckContext& context);

// RunCheck's guard around any check body: `body` runs; an exception other than InfraError
// becomes kError "the check itself failed: <what>"; id becomes `name`, duration_ms is filled.
CheckOutcome GuardedRun(const std::string& name, const std::function<CheckOutcome()>& body);

}  // namespace vdsoconf::riscv::check
