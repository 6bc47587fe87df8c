// The provisioned-kernel store: entries are addressed by origin and content, so the same Image
// bytes obtained two ways keep each way's metadata.
#include "vdsoconf/riscv/kernels/kernel_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace vdsoconf::riscv::kernels {
namespace {

namespace fs = std::filesystem;

// A minimal plain RISC-V Image header (see image_check_test.cc for the layout).
fs::path WritePlainImage(const fs::path& dir) {
  std::string bytes(4096, '\0');
  const std::uint64_t text_offset = 0x200000, image_size = 1 << 20;
  const std::uint32_t header_version = 2;
  std::memcpy(bytes.data() + 0x08, &text_offset, 8);
  std::memcpy(bytes.data() + 0x10, &image_size, 8);
  std::memcpy(bytes.data() + 0x20, &header_version, 4);
  std::memcpy(bytes.data() + 0x30, "RISCV\0\0\0", 8);
  std::memcpy(bytes.data() + 0x38, "RSC\x05", 4);
  fs::path image = dir / "Image";
  std::ofstream(image, std::ios::binary) << bytes;
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
  std::ofstream(config) << "CONFIG_RISCV=y\n";

  auto as_user = StoreKernel({.image = image},
                             {{"spec", image.string()}, {"version", "7.2.13"}, {"origin", "user"}},
                             "user-key");
  auto as_debian = StoreKernel({.image = image, .config = config},
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

}  // namespace
}  // namespace vdsoconf::riscv::kernels
