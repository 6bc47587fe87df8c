// The two doors to provisioning (provision.h), on a toy architecture: the kernel cache's
// (ProvisionKernel) and the boot's (ProvisionBootableKernel), one path behind both.
#include "vdsoconf/kernels/provision.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

ImageInfo InspectToyImage(std::string_view bytes, const std::string& name) {
  if (!bytes.starts_with("TOYKERNEL")) throw InfraError(name + " is not a toy kernel image");
  return ImageInfo{.file_size = bytes.size(), .image_size = bytes.size()};
}

// The boot check is looser than the store's on purpose (a toy ELF would boot), so the tests can
// tell which of the two refused a file.
std::string WhyNotToyBootable(const fs::path& file) {
  std::ifstream in(file);
  std::string start(3, '\0');
  in.read(start.data(), 3);
  return start == "TOY" ? "" : file.string() + " does not boot on toyarch";
}

constexpr SourceRelease kReleases[] = {{"9.9", "toysuite"}};

const KernelArch kToyArch{.kbuild_arch = "toyarch",
                          .source_releases = kReleases,
                          .spec_forms = "expected the toy forms",
                          .inspect_image = InspectToyImage,
                          .why_not_bootable = WhyNotToyBootable};

class Provision : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vdsoconf-provision-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::setenv("VDSOCONF_CACHE_DIR", (dir_ / "cache").c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("VDSOCONF_CACHE_DIR");
    fs::remove_all(dir_);
  }
  fs::path Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  static std::string ErrorOf(const std::function<void()>& action) {
    try {
      action();
    } catch (const InfraError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(Provision, BothDoorsStoreAUserKernelAsTheArchitecturesAndKeepTheSpec) {
  const fs::path image = Write("Image", "TOYKERNEL Linux version 9.9.1 (toy@toy) #1");
  const auto stored = ProvisionKernel(kToyArch, image.string());
  EXPECT_EQ(stored.origin, "user");
  EXPECT_EQ(stored.version, "9.9.1");
  EXPECT_EQ(stored.architecture, "toyarch");
  EXPECT_EQ(stored.spec, image.string());
  const auto booted = ProvisionBootableKernel(kToyArch, "path:" + image.string());
  EXPECT_EQ(booted.entry_dir, stored.entry_dir);
  EXPECT_EQ(booted.architecture, "toyarch");
  EXPECT_EQ(booted.spec, "path:" + image.string());
}

TEST_F(Provision, TheBootDoorNamesAFileByTheBootCheckTheCacheDoorByTheImageCheck) {
  const fs::path elf = Write("vmlinux", "TOYELF");
  EXPECT_EQ(ErrorOf([&] { ProvisionKernel(kToyArch, elf.string()); }),
            elf.string() + " is not a toy kernel image");
  const fs::path text = Write("config.txt", "CONFIG_X=y\n");
  EXPECT_EQ(ErrorOf([&] { ProvisionBootableKernel(kToyArch, "path:" + text.string()); }),
            text.string() + " does not boot on toyarch");
}

TEST_F(Provision, SpecFormsAndLinesAreTheArchitectures) {
  EXPECT_EQ(WhyNotKernelSpec(kToyArch, "source:9.9"), "");
  EXPECT_EQ(WhyNotKernelSpec(kToyArch, Write("Image", "x").string()), "");
  EXPECT_EQ(WhyNotKernelSpec(kToyArch, "source:6.12"),
            "bad kernel spec 'source:6.12': no source line '6.12' (known: 9.9); expected the toy "
            "forms");
  EXPECT_EQ(ErrorOf([&] { ProvisionKernel(kToyArch, "debain:latest"); }),
            "bad kernel spec 'debain:latest': unknown form; expected the toy forms");
}

}  // namespace
}  // namespace vdsoconf::kernels
