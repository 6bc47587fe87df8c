// The "is this a RISC-V kernel Image" check, on synthetic headers built field by field from
// Documentation/arch/riscv/boot-image-header.rst, random data, and through the CLI's exit code.
#include "vdsoconf/riscv/kernels/image_check.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/kernel_image.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::BannerRelease;

namespace fs = std::filesystem;

template <typename T>
void Store(std::string& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

// A plain (no EFI stub) Image of `file_size` bytes with a header claiming `image_size`.
std::string PlainImage(size_t file_size = 4096, uint64_t image_size = 1 << 20) {
  std::string bytes(file_size, '\0');
  Store<uint64_t>(bytes, 0x08, 0x200000);  // text_offset
  Store<uint64_t>(bytes, 0x10, image_size);
  Store<uint32_t>(bytes, 0x20, 2);  // header 0.2
  std::memcpy(bytes.data() + 0x30, "RISCV\0\0\0", 8);
  std::memcpy(bytes.data() + 0x38, "RSC\x05", 4);
  return bytes;
}

// An EFI-stub Image: "MZ", PE header at 0x40, one section whose raw data ends at `section_end`.
std::string EfiImage(size_t file_size, uint32_t section_end) {
  std::string bytes = PlainImage(file_size);
  bytes[0] = 'M';
  bytes[1] = 'Z';
  Store<uint32_t>(bytes, 0x3c, 0x40);
  std::memcpy(bytes.data() + 0x40, "PE\0\0", 4);
  Store<uint16_t>(bytes, 0x40 + 6, 1);   // one section
  Store<uint16_t>(bytes, 0x40 + 20, 0);  // no optional header
  const size_t section = 0x40 + 24;
  Store<uint32_t>(bytes, section + 16, section_end - 0x200);  // SizeOfRawData
  Store<uint32_t>(bytes, section + 20, 0x200);                // PointerToRawData
  return bytes;
}

std::string Random(size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(generator());
  return bytes;
}

std::string RefusalOf(const std::string& bytes) {
  try {
    InspectKernelImage(bytes, "test-image");
  } catch (const InfraError& e) {
    return e.what();
  }
  return "";
}

TEST(ImageCheck, AcceptsAHeaderWithBothMagicsAndReadsItsFields) {
  const ImageInfo info = InspectKernelImage(PlainImage(4096, 1 << 20), "plain");
  EXPECT_EQ(info.file_size, 4096u);
  EXPECT_EQ(info.image_size, 1u << 20);
  EXPECT_EQ(info.text_offset, 0x200000u);
  EXPECT_EQ(info.header_version, 2u);
  EXPECT_FALSE(info.has_efi_stub);
}

TEST(ImageCheck, RefusesEachBrokenMagic) {
  std::string no_magic2 = PlainImage();
  no_magic2[0x3b] = 0x06;
  EXPECT_NE(RefusalOf(no_magic2).find("no RISC-V Image header"), std::string::npos)
      << RefusalOf(no_magic2);
  std::string no_magic = PlainImage();
  no_magic[0x30] = 'X';
  EXPECT_NE(RefusalOf(no_magic).find("no RISC-V Image header"), std::string::npos)
      << RefusalOf(no_magic);
}

TEST(ImageCheck, RefusesRandomDataTruncationAndGzip) {
  const std::string random = Random(1 << 16, 7);
  EXPECT_NE(RefusalOf(random).find("no RISC-V Image header"), std::string::npos)
      << RefusalOf(random);
  const std::string truncated = PlainImage().substr(0, 40);
  EXPECT_NE(RefusalOf(truncated).find("40 bytes, shorter than the 64-byte"), std::string::npos)
      << RefusalOf(truncated);
  std::string gzip = "\x1f\x8b\x08" + Random(1000, 8);
  EXPECT_NE(RefusalOf(gzip).find("gzip-compressed"), std::string::npos) << RefusalOf(gzip);
  EXPECT_NE(RefusalOf("\x7f"
                      "ELF" +
                      Random(100, 9))
                .find("ELF"),
            std::string::npos);
  EXPECT_NE(RefusalOf(std::string("MZ\0\0zimg", 8) + Random(100, 10)).find("EFI zboot"),
            std::string::npos);
}

TEST(ImageCheck, ImageSizeSmallerThanTheFileIsRefused) {
  EXPECT_NE(RefusalOf(PlainImage(4096, 100)).find("image_size (100)"), std::string::npos)
      << RefusalOf(PlainImage(4096, 100));
  EXPECT_NE(RefusalOf(PlainImage(4096, 0)).find("image_size (0)"), std::string::npos);
}

TEST(ImageCheck, EfiStubImageIsCheckedForTruncationByItsPeSections) {
  const ImageInfo whole = InspectKernelImage(EfiImage(8192, 8192), "whole");
  EXPECT_TRUE(whole.has_efi_stub);
  EXPECT_EQ(whole.pe_file_end, 8192u);
  const std::string cut = EfiImage(8192, 8192).substr(0, 6000);
  EXPECT_NE(
      RefusalOf(cut).find("truncated: its PE sections end at byte 8192 but the file has 6000"),
      std::string::npos)
      << RefusalOf(cut);
  const std::string header_only = EfiImage(8192, 8192).substr(0, 0x41);
  EXPECT_NE(RefusalOf(header_only).find("PE header"), std::string::npos) << RefusalOf(header_only);
}

TEST(ImageCheck, BannerReleaseFindsTheLinuxBannerOnly) {
  std::string bytes = Random(5000, 11);
  EXPECT_FALSE(BannerRelease(bytes).has_value());
  bytes += std::string("%s version %s\0Linux version %s (", 32);
  EXPECT_FALSE(BannerRelease(bytes).has_value()) << "a format string is not a banner";
  bytes += "Linux version 6.12.95 (vdsoconf@vdsoconf) (riscv64-linux-gnu-gcc) #1 SMP";
  EXPECT_EQ(BannerRelease(bytes).value_or("none"), "6.12.95");
}

fs::path WriteTemp(const std::string& name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() / ("vdsoconf-kernels-test-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(ImageCheck, CliRefusesARandomFileWithExitCode2) {
  const fs::path path = WriteTemp("random", Random(1 << 20, 12));
  auto result = RunSubprocess(
      {VDSOCONF_BINARY, "kernels", "fetch", path.string()},
      {.timeout = std::chrono::seconds(60),
       .environment = {
           {"VDSOCONF_CACHE_DIR", (fs::temp_directory_path() / "vdsoconf-kt-cache").string()}}});
  EXPECT_TRUE(result.exited) << result.Describe();
  EXPECT_EQ(result.exit_code, kExitInfrastructure) << result.output;
  EXPECT_NE(result.output.find("is not a bootable RISC-V kernel Image"), std::string::npos)
      << result.output;
  fs::remove(path);
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
