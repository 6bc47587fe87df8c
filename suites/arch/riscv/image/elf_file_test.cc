#include "vdsoconf/riscv/image/elf_file.h"

#include <gtest/gtest.h>

#include <vector>

#include "vdsoconf/riscv/image/kernel_scan.h"

namespace vdsoconf::riscv {
namespace {

TEST(HashFunctions, MatchTheDynamicLoader) {
  EXPECT_EQ(GnuHash(""), 5381u);
  EXPECT_EQ(GnuHash("printf"), 0x156b2bb8u);
  EXPECT_EQ(SysvHash("printf"), 0x077905a6u);
}

TEST(ParseElf, RejectsGarbageWithAClearMessage) {
  std::vector<std::uint8_t> garbage(4096, 0x41);
  try {
    ParseElf(garbage);
    FAIL() << "garbage parsed";
  } catch (const ImageFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("not an ELF"), std::string::npos) << e.what();
  }
}

TEST(ParseElf, RejectsATruncatedHeader) {
  std::vector<std::uint8_t> header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  EXPECT_THROW(ParseElf(header), ImageFormatError);
}

TEST(ParseElf, RejectsSectionHeadersBeyondTheEnd) {
  std::vector<std::uint8_t> bytes(64, 0);
  const std::uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  std::copy(std::begin(ident), std::end(ident), bytes.begin());
  bytes[16] = 3;     // ET_DYN
  bytes[18] = 243;   // EM_RISCV
  bytes[40] = 0x40;  // e_shoff = 64: the table starts at the end of the file
  bytes[58] = 64;    // e_shentsize
  bytes[60] = 3;     // e_shnum
  try {
    ParseElf(bytes);
    FAIL() << "section table beyond the end parsed";
  } catch (const ImageFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("section header table"), std::string::npos) << e.what();
  }
}

TEST(ScanForVdsoImages, GarbageHasNoImages) {
  std::vector<std::uint8_t> garbage(1 << 16);
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<std::uint8_t>(i * 131);
  const ScanResult result = ScanForVdsoImages(garbage);
  EXPECT_TRUE(result.images.empty());
}

}  // namespace
}  // namespace vdsoconf::riscv
