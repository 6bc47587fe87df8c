// The deep checks (seqlock, field_sensitivity, overflow, hwprobe, getrandom) on every vDSO image
// of the conformance kernel (VDSOCONF_TEST_KERNEL, Debian's riscv64 7.2): each must pass, or
// skip where the image has no such entry point, and print its evidence.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_kernel.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/build_facts.h"
#include "vdsoconf/riscv/check/image_check.h"
#include "vdsoconf/riscv/image/kernel_scan.h"

namespace vdsoconf::riscv::check {
namespace {

// One executor per image for the whole suite (QEMU start-up is the slow part).
struct ImageUnderTest {
  const VdsoImage* image = nullptr;
  std::string name;
  BuildFacts facts;
  StateSet states;
  std::unique_ptr<VdsoExecutor> executor;
};

class DeepCheckTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    const std::string kernel = vdsoconf::testing::TestKernelPath();
    if (kernel.empty()) return;
    scan_ = new ScanResult(ExtractVdsoImages(kernel));
    images_ = new std::vector<ImageUnderTest>();
    int index = 0;
    for (const VdsoImage& image : scan_->images) {
      ImageUnderTest under_test;
      under_test.image = &image;
      under_test.name = "vdso-" + std::to_string(index++) + (image.cfi.IsCfiBuild() ? "-cfi" : "");
      under_test.facts = FactsFromImage(image);
      under_test.executor = std::make_unique<VdsoExecutor>(
          image, static_cast<std::uint32_t>(image.vvar_pages.value_or(0)));
      ProbeAuxClocks(*under_test.executor, image, under_test.facts);
      under_test.states = GenerateStates(under_test.facts.policy);
      images_->push_back(std::move(under_test));
    }
  }
  static void TearDownTestSuite() {
    delete images_;
    delete scan_;
    images_ = nullptr;
    scan_ = nullptr;
  }

  static inline ScanResult* scan_ = nullptr;
  static inline std::vector<ImageUnderTest>* images_ = nullptr;
};

const ImageCheck* FindCheck(const std::string& name) {
  for (const ImageCheck& check : RegisteredChecks()) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

TEST_P(DeepCheckTest, PassesOnEveryImageOfTheKernel) {
  if (images_ == nullptr) {
    vdsoconf::testing::TestKernelPath();  // fails the test with the explanation
    return;
  }
  ASSERT_FALSE(images_->empty()) << "no vDSO image in the kernel";
  const ImageCheck* check = FindCheck(GetParam());
  ASSERT_NE(check, nullptr) << GetParam() << " is not registered";
  for (ImageUnderTest& under_test : *images_) {
    const ref::Layout* layout = ref::FindLayout(under_test.facts.layout).value();
    const CheckContext context{under_test.name,
                               *under_test.image,
                               under_test.facts,
                               *layout,
                               under_test.image->vvar_pages.value_or(0) > 0
                                   ? static_cast<std::uint32_t>(*under_test.image->vvar_pages)
                                   : 0u,
                               *under_test.executor,
                               under_test.states};
    const CheckOutcome outcome = RunCheck(*check, context);
    const auto& result = outcome.result;
    std::cout << under_test.name << " " << check->name << ": " << result.message << " ("
              << outcome.comparisons << " comparisons, " << outcome.calls << " calls, "
              << result.duration_ms << " ms)\n"
              << "  evidence: " << result.evidence.dump() << "\n";
    EXPECT_TRUE(result.status == reports::CheckStatus::kPass ||
                result.status == reports::CheckStatus::kSkip)
        << under_test.name << " " << check->name << ": " << result.message
        << "\nreproducers: " << result.reproducer.dump(1);
  }
}

INSTANTIATE_TEST_SUITE_P(Checks, DeepCheckTest,
                         ::testing::Values("check-image.seqlock", "check-image.field_sensitivity",
                                           "check-image.overflow", "check-image.hwprobe",
                                           "check-image.getrandom"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           return name.substr(name.find('.') + 1);
                         });

}  // namespace
}  // namespace vdsoconf::riscv::check
