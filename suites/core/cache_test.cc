#include "vdsoconf/core/cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "vdsoconf/core/sha256.h"

namespace vdsoconf {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("vdsoconf-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(PublishOnce, FailedFillLeavesNoEntry) {
  fs::path root = FreshDir("cache-fail");
  fs::path entry = root / "entry";
  EXPECT_THROW(PublishOnce(entry,
                           [](const fs::path& staging) {
                             std::ofstream(staging / "half") << "partial";
                             throw std::runtime_error("download failed");
                           }),
               std::runtime_error);
  EXPECT_FALSE(fs::exists(entry));
  EXPECT_TRUE(fs::is_empty(root)) << "staging directory left behind";
  fs::remove_all(root);
}

TEST(PublishOnce, FillsOnceThenReuses) {
  fs::path root = FreshDir("cache-once");
  fs::path entry = root / "entry";
  int calls = 0;
  auto fill = [&](const fs::path& staging) {
    ++calls;
    std::ofstream(staging / "file") << "content";
  };
  PublishOnce(entry, fill);
  PublishOnce(entry, fill);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(fs::exists(entry / "file"));
  fs::remove_all(root);
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(Sha256Hex("abd"), Sha256Hex("abc"));
}

}  // namespace
}  // namespace vdsoconf
