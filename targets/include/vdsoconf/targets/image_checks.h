// Target job: the check-image plans, every named property of a vDSO image compared exactly with
// the reference model while the image runs under the architecture's executor
// (`vdsoconf check-image`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"
#include "vdsoconf/targets/image_extractor.h"

namespace vdsoconf::targets {

struct ImageCheckOptions {
  // Run only checks whose name contains one of these (empty: all).
  std::vector<std::string> only;
  // Also time a bare loop of clock_gettime under the executor, for the ratios (costs ~0.1 s).
  bool measure_bare_loop = true;
};

// One image checked: its results.json target and the figures behind checks/s.
struct ImageCheckReport {
  // spec, generation, sha256, one CheckResult per check; infra_error when the image could not be
  // checked at all.
  reports::KernelRun target;
  std::uint64_t comparisons = 0;  // image-versus-model comparisons: what checks/s counts
  std::uint64_t calls = 0;        // executor calls
  double check_seconds = 0;       // wall time of the checks (executor start excluded)
  double comparisons_per_second = 0;
  double calls_per_second = 0;
  // The bare loop, when measured: nanoseconds per call of clock_gettime, and how close checking
  // (comparisons/s) and calling (calls/s) come to it.
  std::optional<double> bare_ns_per_call;
  double checks_ratio_to_bare_loop = 0;
  double calls_ratio_to_bare_loop = 0;
};

class ImageChecker {
 public:
  virtual ~ImageChecker() = default;
  // Every check's name ("check-image.<property>"), in run order.
  virtual std::vector<std::string> CheckNames() const = 0;
  // Checks `image` (one of this target's images); `spec` names it in the report ("debian:latest
  // vdso-1-cfi"). Never throws for what the image does; an image that cannot be checked at all
  // is target.infra_error, so one bad image does not hide the others.
  virtual ImageCheckReport Check(const ExtractedImage& image, const std::string& spec,
                                 const ImageCheckOptions& options) = 0;
};

}  // namespace vdsoconf::targets
