// check-image on the real Debian kernel's vDSO images (VDSOCONF_TEST_KERNEL): every registered
// check passes on every image, each image is checked, and the clock checks made real
// comparisons. Failing messages carry the first reproducers.
#include <gtest/gtest.h>

#include "test_kernel.h"
#include "vdsoconf/riscv/check/image_checker.h"
#include "vdsoconf/riscv/image/kernel_scan.h"

namespace vdsoconf::riscv::check {
namespace {

TEST(CheckImageOnDebianKernel, EveryCheckPassesOnEveryImage) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  ASSERT_GE(scan.images.size(), 1u);
  ImageCheckOptions options;
  options.measure_bare_loop = false;
  for (std::size_t i = 0; i < scan.images.size(); ++i) {
    const ImageCheckRun run = CheckImage(scan.images[i], ImageName(scan.images[i], i), options);
    ASSERT_EQ(run.target.infra_error, "") << run.target.spec;
    EXPECT_GT(run.comparisons, 1000u) << run.target.spec;
    for (const auto& check : run.target.checks) {
      EXPECT_EQ(check.status, reports::CheckStatus::kPass)
          << run.target.spec << " " << check.id << ": " << check.message << "\n"
          << check.reproducer.dump(1).substr(0, 4000);
    }
  }
}

}  // namespace
}  // namespace vdsoconf::riscv::check
