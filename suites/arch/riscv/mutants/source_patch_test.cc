// Patching a hard-link copy of a tree: the shared tree keeps its content, a patch that does not
// apply changes nothing and says why. A small synthetic tree stands in for linux-source; the
// same GNU patch and cp run as on the real one.
#include "vdsoconf/riscv/mutants/source_patch.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/mutants/link_farm.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;

constexpr char kOriginal[] = "int seq;\nint read(void) {\n\treturn seq;\n}\n";
constexpr char kPatch[] =
    "# Mutant example: returns a constant.\n"
    "--- a/lib/vdso/reader.c\n"
    "+++ b/lib/vdso/reader.c\n"
    "@@ -1,4 +1,4 @@\n"
    " int seq;\n"
    " int read(void) {\n"
    "-\treturn seq;\n"
    "+\treturn 0;\n"
    " }\n";
// Its context does not exist in the tree.
constexpr char kNonApplyingPatch[] =
    "--- a/lib/vdso/reader.c\n"
    "+++ b/lib/vdso/reader.c\n"
    "@@ -1,3 +1,3 @@\n"
    " int other;\n"
    "-int moved(void);\n"
    "+int moved(int);\n"
    " int end;\n";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct stat Stat(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st;
}

class SyntheticTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("vdsoconf-mutants-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    RemoveTree(root_);
    shared_ = root_ / "shared";
    farm_ = root_ / "farm";
    fs::create_directories(shared_ / "lib/vdso");
    std::ofstream(shared_ / "lib/vdso/reader.c") << kOriginal;
    std::ofstream(shared_ / "Makefile") << "all:\n";
    MakeLinkFarm(shared_, farm_);
  }
  void TearDown() override { RemoveTree(root_); }

  fs::path root_;
  fs::path shared_;  // stands in for the read-only linux-source tree
  fs::path farm_;    // its hard-link copy
  const fs::path file_ = "lib/vdso/reader.c";
};

TEST_F(SyntheticTree, LinkFarmSharesEveryFile) {
  const auto shared = Stat(shared_ / file_);
  const auto farm = Stat(farm_ / file_);
  EXPECT_EQ(shared.st_ino, farm.st_ino) << "the farm copied instead of linking";
  EXPECT_EQ(shared.st_nlink, 2u);
  EXPECT_TRUE(fs::equivalent(shared_ / "Makefile", farm_ / "Makefile"));
}

TEST_F(SyntheticTree, ApplyingBreaksTheLinkAndKeepsTheSharedFile) {
  RunPatch(farm_, kPatch, PatchDirection::kApply, "the example mutant");
  const auto shared = Stat(shared_ / file_);
  const auto farm = Stat(farm_ / file_);
  EXPECT_EQ(ReadText(shared_ / file_), kOriginal) << "the shared tree was modified";
  EXPECT_NE(ReadText(farm_ / file_).find("return 0;"), std::string::npos)
      << ReadText(farm_ / file_);
  EXPECT_NE(shared.st_ino, farm.st_ino) << "patch wrote into the shared inode";
  EXPECT_EQ(shared.st_nlink, 1u) << "the shared file is still linked from somewhere";
  EXPECT_NO_THROW(RequirePatchedFilesUnlinked(farm_, shared_, kPatch));
  // Untouched files stay shared.
  EXPECT_TRUE(fs::equivalent(shared_ / "Makefile", farm_ / "Makefile"));
  EXPECT_FALSE(fs::exists(farm_ / "lib/vdso/reader.c.orig"));
}

TEST_F(SyntheticTree, ReversingRestoresTheContent) {
  RunPatch(farm_, kPatch, PatchDirection::kApply, "the example mutant");
  RunPatch(farm_, kPatch, PatchDirection::kReverse, "the example mutant");
  EXPECT_EQ(ReadText(farm_ / file_), kOriginal);
  EXPECT_EQ(ReadText(shared_ / file_), kOriginal);
  EXPECT_TRUE(PatchApplies(farm_, kPatch, PatchDirection::kApply));
}

TEST_F(SyntheticTree, NonApplyingPatchFailsInTheDryRunAndChangesNothing) {
  try {
    RunPatch(farm_, kNonApplyingPatch, PatchDirection::kApply, "mutant moved-code for linux 9.9");
    FAIL() << "a patch whose context is not in the tree was applied";
  } catch (const InfraError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("mutant moved-code for linux 9.9"), std::string::npos) << message;
    EXPECT_NE(message.find("patch --dry-run"), std::string::npos) << message;
    EXPECT_NE(message.find("the tree was not changed"), std::string::npos) << message;
    EXPECT_NE(message.find("FAILED"), std::string::npos) << "patch's own output: " << message;
  }
  EXPECT_EQ(ReadText(farm_ / file_), kOriginal);
  EXPECT_TRUE(fs::equivalent(shared_ / file_, farm_ / file_)) << "the dry run replaced the file";
  EXPECT_FALSE(fs::exists(farm_ / "lib/vdso/reader.c.rej"));
  EXPECT_FALSE(PatchApplies(farm_, kNonApplyingPatch, PatchDirection::kApply));
}

TEST_F(SyntheticTree, ApplyingTwiceIsAnError) {
  RunPatch(farm_, kPatch, PatchDirection::kApply, "the example mutant");
  EXPECT_THROW(RunPatch(farm_, kPatch, PatchDirection::kApply, "the example mutant"), InfraError);
  EXPECT_NE(ReadText(farm_ / file_).find("return 0;"), std::string::npos)
      << "--forward should refuse, not reverse: " << ReadText(farm_ / file_);
}

TEST_F(SyntheticTree, StillLinkedPatchedFileIsDetected) {
  // An in-place edit (what a careless tool would do) keeps the inode shared: the shared tree
  // is modified and the guard must say so.
  std::ofstream(farm_ / file_, std::ios::trunc) << "int seq;\nint read(void) { return 0; }\n";
  try {
    RequirePatchedFilesUnlinked(farm_, shared_, kPatch);
    FAIL() << "a patched file sharing its inode with the shared tree was not detected";
  } catch (const InfraError& e) {
    EXPECT_NE(std::string(e.what()).find("shared source tree was modified"), std::string::npos)
        << e.what();
  }
}

TEST(LinkFarm, RefusesAnExistingDestinationAndAMissingTree) {
  const fs::path dir = fs::temp_directory_path() / ("vdsoconf-farm-" + std::to_string(::getpid()));
  fs::create_directories(dir / "exists");
  EXPECT_THROW(MakeLinkFarm(dir, dir / "exists"), InfraError);
  EXPECT_THROW(MakeLinkFarm(dir / "missing", dir / "farm"), InfraError);
  EXPECT_FALSE(fs::exists(dir / "farm"));
  RemoveTree(dir);
}

}  // namespace
}  // namespace vdsoconf::riscv::mutants
