// Kernel specs as the riscv64 target accepts them: its source lines and variants.
#include "vdsoconf/kernels/kernel_spec.h"

#include <gtest/gtest.h>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::KernelSpec;
using vdsoconf::kernels::SpecKind;

KernelSpec ParseKernelSpec(const std::string& spec) {
  return vdsoconf::kernels::ParseKernelSpec(Riscv64Kernels(), spec);
}

// The message of the InfraError `spec` raises, or "" if it parses.
std::string RejectionOf(const std::string& spec) {
  try {
    ParseKernelSpec(spec);
  } catch (const InfraError& e) {
    return e.what();
  }
  return "";
}

TEST(KernelSpec, DebianLatestAndExactVersions) {
  auto latest = ParseKernelSpec("debian:latest");
  EXPECT_EQ(latest.kind, SpecKind::kDebian);
  EXPECT_EQ(latest.debian_version, "latest");
  auto exact = ParseKernelSpec("debian:7.2.13+deb14");
  EXPECT_EQ(exact.debian_version, "7.2.13+deb14") << exact.text;
  EXPECT_EQ(exact.Canonical(), "debian:7.2.13+deb14");
}

TEST(KernelSpec, SourceLinesAndBtfVariant) {
  for (const char* line : {"6.1", "6.12", "7.2"}) {
    auto plain = ParseKernelSpec(std::string("source:") + line);
    EXPECT_EQ(plain.kind, SpecKind::kSource) << line;
    EXPECT_EQ(plain.source_line, line);
    EXPECT_TRUE(plain.variants.empty()) << line;
    EXPECT_FALSE(plain.HasVariant("btf")) << line;
    auto btf = ParseKernelSpec(std::string("source:") + line + "+btf");
    EXPECT_TRUE(btf.HasVariant("btf")) << line;
    EXPECT_FALSE(btf.HasVariant("nojumplabel")) << line;
    EXPECT_EQ(btf.source_line, line);
    EXPECT_EQ(btf.Canonical(), std::string("source:") + line + "+btf");
  }
}

TEST(KernelSpec, SeveralVariantsHaveOneCanonicalOrder) {
  auto one = ParseKernelSpec("source:6.1+nojumplabel+btf");
  auto other = ParseKernelSpec("source:6.1+btf+nojumplabel");
  EXPECT_EQ(one.variants, (std::vector<std::string>{"btf", "nojumplabel"}));
  EXPECT_EQ(one.Canonical(), "source:6.1+btf+nojumplabel");
  EXPECT_EQ(other.Canonical(), one.Canonical());
  EXPECT_TRUE(one.HasVariant("nojumplabel"));
  EXPECT_EQ(ParseKernelSpec("source:6.1+nojumplabel").Canonical(), "source:6.1+nojumplabel");
}

TEST(KernelSpec, PathsWithAndWithoutBuildTree) {
  auto plain = ParseKernelSpec("/tmp/linux/arch/riscv/boot/Image");
  EXPECT_EQ(plain.kind, SpecKind::kPath);
  EXPECT_EQ(plain.image, "/tmp/linux/arch/riscv/boot/Image");
  EXPECT_FALSE(plain.build_tree.has_value());
  auto with_tree = ParseKernelSpec("./Image,build=/tmp/linux");
  EXPECT_EQ(with_tree.image, "./Image");
  ASSERT_TRUE(with_tree.build_tree.has_value());
  EXPECT_EQ(*with_tree.build_tree, "/tmp/linux");
  auto prefixed = ParseKernelSpec("path:Image");
  EXPECT_EQ(prefixed.kind, SpecKind::kPath);
  EXPECT_EQ(prefixed.image, "Image");
}

TEST(KernelSpec, RejectionsQuoteTheSpecAndTheAcceptedForms) {
  struct Case {
    std::string spec;
    std::string reason;
  };
  for (const auto& [spec, reason] : std::vector<Case>{
           {"", "it is empty"},
           {"latest", "unknown form"},
           {"debian:", "is not 'latest'"},
           {"debian:new est", "is not 'latest'"},
           {"debian:$(reboot)", "is not 'latest'"},
           {"source:5.10", "no source line '5.10' (known: 6.1, 6.12, 7.2)"},
           {"source:", "no source line ''"},
           {"source:6.12+kasan", "unknown variant '+kasan' (known: +btf, +nojumplabel)"},
           {"source:6.12+", "a '+' names no variant"},
           {"source:6.12+btf+", "a '+' names no variant"},
           {"source:6.12+btf++nojumplabel", "a '+' names no variant"},
           {"source:6.12+btf+btf", "a variant is named twice"},
           {"/tmp/Image,build=", "',build=' names no directory"},
           {"path:", "no image path"},
       }) {
    const std::string message = RejectionOf(spec);
    EXPECT_NE(message.find("'" + spec + "'"), std::string::npos)
        << "spec: '" << spec << "' message: " << message;
    EXPECT_NE(message.find(reason), std::string::npos)
        << "spec: '" << spec << "' expected reason: " << reason << " message: " << message;
    EXPECT_NE(message.find("debian:latest"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
