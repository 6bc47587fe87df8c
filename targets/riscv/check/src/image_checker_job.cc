#include "vdsoconf/riscv/check/image_checker_job.h"

#include "vdsoconf/riscv/check/image_check.h"
#include "vdsoconf/riscv/check/image_checker.h"
#include "vdsoconf/riscv/image/image_extractor_job.h"

namespace vdsoconf::riscv::check {
namespace {

targets::ImageCheckReport ToReport(ImageCheckRun run) {
  targets::ImageCheckReport report;
  report.comparisons = run.comparisons;
  report.calls = run.calls;
  report.check_seconds = run.check_seconds;
  report.comparisons_per_second = run.ComparisonsPerSecond();
  report.calls_per_second = run.CallsPerSecond();
  if (run.bare_loop) report.bare_ns_per_call = run.bare_loop->bare_ns_per_call;
  report.checks_ratio_to_bare_loop = run.ChecksRatioToBareLoop();
  report.calls_ratio_to_bare_loop = run.RatioToBareLoop();
  report.target = std::move(run.target);
  return report;
}

class ImageCheckerJob final : public targets::ImageChecker {
 public:
  std::vector<std::string> CheckNames() const override {
    std::vector<std::string> names;
    for (const ImageCheck& check : RegisteredChecks()) names.push_back(check.name);
    return names;
  }

  targets::ImageCheckReport Check(const targets::ExtractedImage& image, const std::string& spec,
                                  const targets::ImageCheckOptions& options) override {
    ImageCheckOptions native_options;
    native_options.only = options.only;
    native_options.measure_bare_loop = options.measure_bare_loop;
    return ToReport(CheckImage(NativeImage(image), spec, native_options));
  }
};

}  // namespace

std::unique_ptr<targets::ImageChecker> MakeImageChecker() {
  return std::make_unique<ImageCheckerJob>();
}

}  // namespace vdsoconf::riscv::check
