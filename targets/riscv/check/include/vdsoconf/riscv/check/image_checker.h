// Running every registered check on one vDSO image: the body of `vdsoconf check-image`.
//
//   const ScanResult scan = ExtractVdsoImages(kernel_path);
//   for (std::size_t i = 0; i < scan.images.size(); ++i) {
//     ImageCheckRun run = CheckImage(scan.images[i], ImageName(scan.images[i], i), {});
//     document.kernels.push_back(run.target);
//   }
//
// One executor process per image serves every check. The result is one results.json target
// (reports::KernelRun) per image with one CheckResult per registered check, plus the counts and
// timings behind the checks/s figure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv::check {

struct ImageCheckOptions {
  ExecutorOptions executor;
  // Run only checks whose name contains one of these (empty: all).
  std::vector<std::string> only;
  // Measure VdsoExecutor::BareLoop on __vdso_clock_gettime for the ratio (costs ~0.1 s).
  bool measure_bare_loop = true;
  std::uint64_t bare_loop_iterations = 200'000;
};

struct ImageCheckRun {
  // One target: spec = the image's name, generation, sha256, the checks; infra_error when the
  // image could not be checked at all (unknown layout, executor not starting).
  reports::KernelRun target;
  std::uint64_t comparisons = 0;
  std::uint64_t calls = 0;
  double check_seconds = 0;  // wall time of the checks (executor start excluded)
  std::optional<BareLoopResult> bare_loop;

  double ComparisonsPerSecond() const {
    return check_seconds > 0 ? static_cast<double>(comparisons) / check_seconds : 0;
  }
  double CallsPerSecond() const {
    return check_seconds > 0 ? static_cast<double>(calls) / check_seconds : 0;
  }
  // Executor calls per second over bare-loop calls per second (1 / bare_ns_per_call); 0 when
  // the bare loop was not measured.
  double RatioToBareLoop() const;
  // Comparisons per second over bare-loop calls per second: how close checking a call comes to
  // just making it; 0 when the bare loop was not measured.
  double ChecksRatioToBareLoop() const;
};

// "vdso-<index>" plus "-cfi" for a CFI build: the name extract gives the image's file.
std::string ImageName(const VdsoImage& image, std::size_t index);

// Checks `image`. `spec` names it in the report ("debian:latest vdso-1-cfi", a path). Never
// throws for what the image does; an infrastructure problem (no layout, executor dead twice)
// becomes target.infra_error, so one bad image does not hide the others' results.
ImageCheckRun CheckImage(const VdsoImage& image, const std::string& spec,
                         const ImageCheckOptions& options);

}  // namespace vdsoconf::riscv::check
