// Mirror errors against the real Debian mirror: a suite that does not exist, a package that does
// not exist, a download whose checksum does not match. Each must end in a clear InfraError and
// leave nothing behind. Label "slow": these talk to the network.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/debian_mirror.h"
#include "vdsoconf/kernels/kernel_store.h"
#include "vdsoconf/kernels/private_apt.h"
#include "vdsoconf/kernels/provision.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::AptPackage;
using vdsoconf::kernels::DebianMirror;
using vdsoconf::kernels::ListKernels;
using vdsoconf::kernels::PrivateApt;

namespace fs = std::filesystem;

class MirrorError : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("vdsoconf-mirror-test-" + std::to_string(getpid()));
    RemoveTree(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { RemoveTree(root_); }

  std::string ErrorOf(const std::function<void()>& action) {
    try {
      action();
    } catch (const InfraError& e) {
      return e.what();
    }
    return "";
  }

  size_t FilesIn(const fs::path& dir) {
    size_t n = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::end(it); ++it) {
      if (it->is_regular_file()) ++n;
    }
    return n;
  }

  fs::path root_;
};

TEST_F(MirrorError, SuiteThatDoesNotExistFailsTheUpdateClearly) {
  PrivateApt apt(root_ / "apt", {DebianMirror(), "vdsoconf-no-such-suite", {"riscv64"}});
  const std::string message = ErrorOf([&] { apt.EnsureIndex(); });
  EXPECT_NE(message.find("cannot update the apt index of suite 'vdsoconf-no-such-suite'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("after 3 attempts"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(root_ / "apt" / "updated")) << "a failed update was marked fresh";
}

TEST_F(MirrorError, PackageThatDoesNotExistIsNotFoundAndNotDownloaded) {
  PrivateApt apt(root_ / "apt", {DebianMirror(), "bookworm-backports", {"riscv64"}});
  apt.EnsureIndex();
  EXPECT_FALSE(apt.Find("vdsoconf-no-such-package").has_value());
  AptPackage fake{"vdsoconf-no-such-package", "1.0", "all", "", 1, std::string(64, '0')};
  const std::string message = ErrorOf([&] { apt.Download(fake, root_ / "dest"); });
  EXPECT_NE(message.find("cannot download vdsoconf-no-such-package:all=1.0"), std::string::npos)
      << message;
  EXPECT_EQ(FilesIn(root_ / "dest"), 0u);
  EXPECT_EQ(FilesIn(root_ / "apt" / "downloads"), 0u);
}

// apt-cache's answers are remembered per state of the lists: the second query needs no apt-cache
// (PATH without it), and once a list file changes the remembered answer is not used any more.
TEST_F(MirrorError, AptCacheAnswersAreRememberedUntilTheListsChange) {
  PrivateApt apt(root_ / "apt", {DebianMirror(), "bookworm-backports", {"riscv64"}});
  apt.EnsureIndex();
  const auto first = apt.Find("linux-source-6.12");
  ASSERT_TRUE(first.has_value()) << "bookworm-backports has no linux-source-6.12";
  const std::string saved_path = getenv("PATH");
  fs::create_directories(root_ / "no-tools");
  setenv("PATH", (root_ / "no-tools").c_str(), 1);
  std::optional<AptPackage> remembered, after_change;
  std::string error_after_change;
  remembered = apt.Find("linux-source-6.12");
  fs::path list;
  for (const auto& entry : fs::directory_iterator(root_ / "apt" / "lists")) {
    if (entry.is_regular_file() &&
        entry.path().filename().string().find("Packages") != std::string::npos) {
      list = entry.path();
    }
  }
  if (!list.empty()) {
    fs::last_write_time(list, fs::last_write_time(list) - std::chrono::hours(1));
    error_after_change = ErrorOf([&] { after_change = apt.Find("linux-source-6.12"); });
  }
  setenv("PATH", saved_path.c_str(), 1);
  ASSERT_TRUE(remembered.has_value()) << "the answer was not remembered (apt-cache was needed)";
  EXPECT_EQ(remembered->version, first->version);
  EXPECT_EQ(remembered->sha256, first->sha256);
  ASSERT_FALSE(list.empty()) << "no Packages list under " << (root_ / "apt" / "lists");
  EXPECT_FALSE(after_change.has_value())
      << "a list changed but the remembered answer was used; error: " << error_after_change;
}

TEST_F(MirrorError, ChecksumMismatchIsRetriedThenReported) {
  PrivateApt apt(root_ / "apt", {DebianMirror(), "bookworm-backports", {"riscv64"}});
  apt.EnsureIndex();
  // A small real package, with the index's checksum replaced: what a corrupting mirror looks like.
  std::optional<AptPackage> small;
  for (const auto& name : apt.Search("^linux-doc")) {
    if (auto record = apt.Find(name); record && record->size < 50'000'000) small = record;
  }
  ASSERT_TRUE(small.has_value()) << "no small linux-doc package in bookworm-backports";
  small->sha256 = std::string(64, 'f');
  const std::string message = ErrorOf([&] { apt.Download(*small, root_ / "dest"); });
  EXPECT_NE(message.find("SHA-256 mismatch"), std::string::npos) << message;
  EXPECT_NE(message.find("after 3 attempts"), std::string::npos) << message;
  EXPECT_EQ(FilesIn(root_ / "dest"), 0u);
}

TEST_F(MirrorError, UnknownDebianKernelVersionListsWhatTheSuiteHasAndStoresNothing) {
  const size_t before = ListKernels().size();
  const std::string message =
      ErrorOf([] { vdsoconf::kernels::ProvisionKernel(Riscv64Kernels(), "debian:0.0.1"); });
  EXPECT_NE(message.find("no Debian riscv64 kernel matches 'debian:0.0.1'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("linux-binary-"), std::string::npos) << message;
  EXPECT_EQ(ListKernels().size(), before);
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
