// Real kernels: Debian's newest riscv64 kernel and a minimal source build, provisioned into the
// cache as a user would (through the vdsoconf CLI and the library). Labels "slow;conformance".
// VDSOCONF_TEST_SOURCE_SPEC picks the source build (default source:6.12).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/config_fragment.h"
#include "vdsoconf/kernels/kernel_image.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/kernels/provision.h"
#include "vdsoconf/riscv/kernels/image_check.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::BannerRelease;
using vdsoconf::kernels::KernelSpec;
using vdsoconf::kernels::MissingOptions;

targets::ProvisionedKernel ProvisionKernel(const std::string& spec) {
  return vdsoconf::kernels::ProvisionKernel(Riscv64Kernels(), spec);
}

std::string ComposeFragment(std::string_view line, const std::vector<std::string>& variants) {
  return vdsoconf::kernels::ComposeFragment(Riscv64Kernels(), line, variants);
}

namespace fs = std::filesystem;
using std::chrono::minutes;

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(LiveKernels, DebianLatestIsAnEfiStubImageWhoseBannerMatchesItsVersion) {
  auto result = RunSubprocess({VDSOCONF_BINARY, "kernels", "fetch", "--json", "debian:latest"},
                              {.timeout = minutes(20)});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  const auto kernel = ProvisionKernel("debian:latest");  // now a cache hit
  EXPECT_EQ(kernel.origin, "debian");
  EXPECT_EQ(kernel.image_sha256, Sha256File(kernel.image));
  const std::string bytes = ReadBytes(kernel.image);
  const ImageInfo info = InspectKernelImage(bytes, kernel.image.string());
  EXPECT_TRUE(info.has_efi_stub) << kernel.image;
  EXPECT_EQ(BannerRelease(bytes).value_or("none"), kernel.version) << kernel.image;
  EXPECT_TRUE(kernel.version.ends_with("-riscv64")) << kernel.version;
  EXPECT_TRUE(kernel.metadata.value("package_version", "").size() > 0) << kernel.metadata.dump();
  EXPECT_TRUE(fs::exists(kernel.entry_dir / "config")) << kernel.entry_dir;
  // A truncated copy of the same real image is refused.
  try {
    InspectKernelImage(std::string_view(bytes).substr(0, bytes.size() / 2), "half");
    FAIL() << "half of " << kernel.image << " was accepted";
  } catch (const InfraError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST(LiveKernels, SourceBuildIsAPlainImageWithEveryFragmentOption) {
  const char* chosen = std::getenv("VDSOCONF_TEST_SOURCE_SPEC");
  const std::string spec = chosen && *chosen ? chosen : "source:6.12";
  auto result =
      RunSubprocess({VDSOCONF_BINARY, "kernels", "build", spec}, {.timeout = minutes(55)});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  const auto kernel = ProvisionKernel(spec);
  const KernelSpec parsed = vdsoconf::kernels::ParseKernelSpec(Riscv64Kernels(), spec);
  EXPECT_EQ(kernel.origin, "source");
  EXPECT_TRUE(kernel.version.starts_with(parsed.source_line + ".")) << kernel.version;
  const std::string bytes = ReadBytes(kernel.image);
  const ImageInfo info = InspectKernelImage(bytes, kernel.image.string());
  EXPECT_GT(info.image_size, info.file_size);
  EXPECT_EQ(BannerRelease(bytes).value_or("none"), kernel.version);
  const std::string config = ReadBytes(kernel.entry_dir / "config");
  const auto missing = MissingOptions(ComposeFragment(parsed.source_line, parsed.variants), config);
  EXPECT_TRUE(missing.empty()) << missing.size() << " options missing, first: " << missing[0];
  EXPECT_EQ(kernel.metadata.value("fragment_sha256", ""),
            Sha256Hex(ComposeFragment(parsed.source_line, parsed.variants)));
  EXPECT_NE(kernel.metadata.value("compiler", "").find("riscv64-linux-gnu-gcc"), std::string::npos)
      << kernel.metadata.dump();
}

TEST(LiveKernels, SourceCommandPrintsOneReadableTreePerVersion) {
  auto result =
      RunSubprocess({VDSOCONF_BINARY, "kernels", "source", "6.12"}, {.timeout = minutes(20)});
  ASSERT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  // stdout and stderr are merged in result.output; the path is the line that is a tree.
  std::istringstream lines(result.output);
  int trees = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("/") && fs::exists(fs::path(line) / "Makefile")) {
      ++trees;
      EXPECT_TRUE(fs::exists(fs::path(line) / "include/vdso/datapage.h")) << line;
    }
  }
  EXPECT_EQ(trees, 1) << result.output;
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
