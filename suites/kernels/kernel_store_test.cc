// The provisioned-kernel store: entries are addressed by origin and content, so the same Image
// bytes obtained two ways keep each way's metadata. The store is the same for every
// architecture; here it keeps images of a toy one, whose header is "TOYKERNEL" and a version.
#include "vdsoconf/kernels/kernel_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

ImageInfo InspectToyImage(std::string_view bytes, const std::string& name) {
  if (!bytes.starts_with("TOYKERNEL")) throw InfraError(name + " is not a toy kernel");
  return ImageInfo{.file_size = bytes.size(), .image_size = bytes.size(), .header_version = 2};
}

const KernelArch kToyArch{.kbuild_arch = "toyarch", .inspect_image = InspectToyImage};

fs::path WritePlainImage(const fs::path& dir) {
  fs::path image = dir / "Image";
  std::ofstream(image, std::ios::binary) << "TOYKERNEL" << std::string(4096, '\0');
  return image;
}

class KernelStore : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vdsoconf-store-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    ::setenv("VDSOCONF_CACHE_DIR", (dir_ / "cache").c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("VDSOCONF_CACHE_DIR");
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(KernelStore, SameImageAsUserPathThenDebianKeepsDebianProvenance) {
  const fs::path image = WritePlainImage(dir_ / "in");
  const fs::path config = dir_ / "in" / "config";
  std::ofstream(config) << "CONFIG_TOYARCH=y\n";

  auto as_user = StoreKernel(kToyArch, {.image = image},
                             {{"spec", image.string()}, {"version", "7.2.13"}, {"origin", "user"}},
                             "user-key");
  auto as_debian = StoreKernel(kToyArch, {.image = image, .config = config},
                               {{"spec", "debian:latest"},
                                {"version", "7.2.13"},
                                {"origin", "debian"},
                                {"package_version", "7.2.13-1"}},
                               "debian-key");
  EXPECT_EQ(as_user.origin, "user");
  EXPECT_EQ(as_debian.origin, "debian") << as_debian.metadata.dump();
  EXPECT_EQ(as_debian.metadata.value("package_version", ""), "7.2.13-1");
  EXPECT_TRUE(fs::exists(as_debian.entry_dir / "config")) << as_debian.entry_dir;
  EXPECT_NE(as_user.entry_dir, as_debian.entry_dir);
  EXPECT_EQ(as_user.image_sha256, as_debian.image_sha256);

  auto found = FindIndexed("debian-key", "debian:latest");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->origin, "debian");
  EXPECT_EQ(ListKernels().size(), 2u);
}

TEST_F(KernelStore, IndexRecordWithoutOriginIsAMiss) {
  fs::create_directories(dir_ / "cache" / "kernels" / "index");
  std::ofstream(dir_ / "cache" / "kernels" / "index" / "old.json")
      << R"({"key": "old", "sha256": "00"})";
  EXPECT_FALSE(FindIndexed("old", "debian:latest").has_value());
}

TEST_F(KernelStore, AFileTheArchitectureRefusesIsNotStored) {
  const fs::path other = dir_ / "in" / "other";
  std::ofstream(other) << "not a toy kernel";
  try {
    StoreKernel(kToyArch, {.image = other},
                {{"spec", other.string()}, {"version", "1"}, {"origin", "user"}}, "user-key");
    FAIL() << "a file the architecture refuses was stored";
  } catch (const InfraError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a toy kernel"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(ListKernels().empty());
  EXPECT_FALSE(FindIndexed("user-key", other.string()).has_value());
}

}  // namespace
}  // namespace vdsoconf::kernels
