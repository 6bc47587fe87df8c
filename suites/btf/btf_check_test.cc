// layout.btf verdicts on synthetic probe documents and files: skip, error, hang and fail, each
// with the reason the report must show. (The pass on a real kernel: debian_btf_test.cc.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "synthetic_btf.h"
#include "vdsoconf/btf/btf_blob.h"
#include "vdsoconf/btf/btf_layout_check.h"

namespace vdsoconf::btf {
namespace {

using reports::CheckStatus;
using reports::CheckStatusName;

live::ProbeDocument Probe(nlohmann::json data, std::string status = "ok") {
  return {kBtfProbeName, std::move(status), 5, std::move(data)};
}

nlohmann::json Present(std::uint64_t size, std::uint64_t hash) {
  return {{"path", "/sys/kernel/btf/vmlinux"},
          {"present", true},
          {"open_errno", 0},
          {"read_errno", 0},
          {"size", size},
          {"fnv1a64", hash}};
}

// A file holding `payload` behind 4 KB of filler, as an Image holds its .BTF section.
std::filesystem::path WriteImage(const std::string& name,
                                 const std::vector<std::uint8_t>& payload) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vdsoconf-btf-" + name + "-" + std::to_string(getpid()));
  std::ofstream out(path, std::ios::binary);
  const std::string filler(4096, 'K');
  out.write(filler.data(), static_cast<std::streamsize>(filler.size()));
  out.write(reinterpret_cast<const char*>(payload.data()),
            static_cast<std::streamsize>(payload.size()));
  return path;
}

std::string Describe(const reports::CheckResult& check) {
  return std::string(CheckStatusName(check.status)) + ": " + check.message + "\nevidence " +
         check.evidence.dump().substr(0, 2000);
}

const ref::LayoutVariant k7_2{ref::Generation::kLinux7_2, false};

TEST(CheckLayoutAgainstBtf, SkipsAKernelWithoutSysfsBtf) {
  const auto probe =
      Probe({{"path", "/sys/kernel/btf/vmlinux"}, {"present", false}, {"open_errno", 2}});
  const auto check = CheckLayoutAgainstBtf(&probe, {"/nonexistent"}, k7_2);
  EXPECT_EQ(check.id, "layout.btf");
  ASSERT_EQ(check.status, CheckStatus::kSkip) << Describe(check);
  EXPECT_NE(check.message.find("CONFIG_DEBUG_INFO_BTF"), std::string::npos) << check.message;
}

TEST(CheckLayoutAgainstBtf, AnImageWithoutBtfIsAnErrorSayingSo) {
  const auto blob = testing::RngDataBtf();
  const auto image = WriteImage("nobtf", std::vector<std::uint8_t>(blob.size(), 0));
  const auto probe = Probe(Present(blob.size(), Fnv1a64(blob)));
  const auto check = CheckLayoutAgainstBtf(&probe, {image}, k7_2);
  std::filesystem::remove(image);
  ASSERT_EQ(check.status, CheckStatus::kError) << Describe(check);
  EXPECT_NE(check.message.find("no BTF blob in"), std::string::npos) << check.message;
}

TEST(CheckLayoutAgainstBtf, ABlobWithAnotherHashIsNotTheRunningKernels) {
  const auto blob = testing::RngDataBtf();
  const auto image = WriteImage("otherhash", blob);
  const auto probe = Probe(Present(blob.size(), Fnv1a64(blob) + 1));
  const auto check = CheckLayoutAgainstBtf(&probe, {image}, k7_2);
  std::filesystem::remove(image);
  ASSERT_EQ(check.status, CheckStatus::kError) << Describe(check);
  EXPECT_NE(check.message.find("not the booted kernel's"), std::string::npos) << check.message;
  ASSERT_EQ(check.evidence["host_blobs"].size(), 1u) << check.evidence.dump();
  EXPECT_EQ(check.evidence["host_blobs"][0]["offset"], 4096) << check.evidence.dump();
}

TEST(CheckLayoutAgainstBtf, TheRunningKernelsBlobWithoutTheLayoutsTypesFails) {
  // The right blob (size and hash match) whose types are not a 7.2 kernel's: every page type is
  // missing, and the failure says which.
  const auto blob = testing::RngDataBtf();
  const auto image = WriteImage("wrongtypes", blob);
  const auto probe = Probe(Present(blob.size(), Fnv1a64(blob)));
  const auto check = CheckLayoutAgainstBtf(&probe, {"/nonexistent/vmlinux", image}, k7_2);
  std::filesystem::remove(image);
  ASSERT_EQ(check.status, CheckStatus::kFail) << Describe(check);
  EXPECT_NE(check.message.find("struct vdso_time_data not in BTF"), std::string::npos)
      << check.message;
  EXPECT_EQ(check.reproducer["probe"], "kernel.btf") << check.reproducer.dump();
  EXPECT_EQ(check.evidence["blob"]["offset"], 4096) << check.evidence["blob"].dump();
}

TEST(CheckLayoutAgainstBtf, ProbeFailuresAndMalformedDataAreNotVerdictsOnTheLayout) {
  const auto hung = Probe({}, "hang");
  EXPECT_EQ(CheckLayoutAgainstBtf(&hung, {}, k7_2).status, CheckStatus::kHang);
  EXPECT_EQ(CheckLayoutAgainstBtf(nullptr, {}, k7_2).status, CheckStatus::kError);
  auto no_size = Present(10, 10);
  no_size.erase("size");
  const auto malformed = Probe(no_size);
  const auto check = CheckLayoutAgainstBtf(&malformed, {}, k7_2);
  ASSERT_EQ(check.status, CheckStatus::kError) << Describe(check);
  EXPECT_NE(check.message.find("size"), std::string::npos) << check.message;
  auto unreadable = Present(10, 10);
  unreadable["read_errno"] = 5;
  const auto read_failed = Probe(unreadable);
  EXPECT_EQ(CheckLayoutAgainstBtf(&read_failed, {}, k7_2).status, CheckStatus::kError);
  const auto present = Probe(Present(10, 10));
  const auto no_generation = CheckLayoutAgainstBtf(&present, {}, std::nullopt);
  ASSERT_EQ(no_generation.status, CheckStatus::kError) << Describe(no_generation);
  EXPECT_NE(no_generation.message.find("no layout generation"), std::string::npos);
}

}  // namespace
}  // namespace vdsoconf::btf
