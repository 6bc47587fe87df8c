// Extraction from the real Debian 7.2 kernel (VDSOCONF_TEST_KERNEL) and from files derived from
// it: gzip'd, truncated, a standalone .so, a copy with a corrupted hash table.
#include "vdsoconf/riscv/image/kernel_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "test_kernel.h"  // suites/arch/riscv/image
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::riscv {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kDebian72Symbols = {
    "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres",  "__vdso_getcpu",
    "__vdso_flush_icache",  "__vdso_rt_sigreturn", "__vdso_riscv_hwprobe", "__vdso_getrandom"};

fs::path TempDir() {
  fs::path dir =
      fs::temp_directory_path() / ("vdsoconf-image-test-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::create_directories(dir);
  return dir;
}

void WriteBytes(const fs::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void ExpectDebian72Images(const ScanResult& scan) {
  ASSERT_EQ(scan.images.size(), 2u) << "rejected: " << ::testing::PrintToString(scan.rejected);
  int cfi_builds = 0;
  for (const VdsoImage& image : scan.images) {
    std::set<std::string> names;
    for (const auto& symbol : image.ExportedSymbols()) {
      names.insert(symbol.name);
      EXPECT_EQ(symbol.version, "LINUX_4.15") << symbol.name;
      EXPECT_FALSE(symbol.version_hidden) << symbol.name;
      EXPECT_EQ(symbol.type, 2) << symbol.name << " is not STT_FUNC";
    }
    EXPECT_EQ(names, kDebian72Symbols) << "image at " << image.source_offset;
    EXPECT_TRUE(image.elf.gnu_hash.present);
    EXPECT_TRUE(image.elf.gnu_hash.problems.empty())
        << ::testing::PrintToString(image.elf.gnu_hash.problems);
    EXPECT_TRUE(image.elf.sysv_hash.problems.empty());
    EXPECT_EQ(image.elf.soname, "linux-vdso.so.1");
    EXPECT_EQ(image.image_pages, 2u) << "FACTS: a 2-page [vdso]";
    ASSERT_TRUE(image.vvar_pages.has_value());
    EXPECT_EQ(*image.vvar_pages, 4u)
        << "FACTS: 4 vvar pages; lowest reference " << image.code.lowest_data_reference.value_or(0);
    ASSERT_TRUE(image.generation.has_value()) << image.generation_reason;
    EXPECT_EQ(*image.generation, ref::Generation::kLinux7_2) << image.generation_reason;
    EXPECT_EQ(image.linux_version_code, std::optional<std::uint32_t>((7 << 16) | (2 << 8) | 13));
    if (image.cfi.IsCfiBuild()) {
      ++cfi_builds;
      EXPECT_EQ(image.cfi.feature_1_and, 3u) << "ZICFILP|ZICFISS";
      EXPECT_GE(image.cfi.landing_pads, 8u) << "an lpad at every entry point";
      EXPECT_GT(image.cfi.shadow_stack_ops, 0u);
    } else {
      EXPECT_EQ(image.cfi.landing_pads, 0u);
      EXPECT_EQ(image.cfi.shadow_stack_ops, 0u);
    }
    EXPECT_EQ(image.bytes.size(), image.elf.extent);
  }
  EXPECT_EQ(cfi_builds, 1) << "one normal and one CFI-built image";
}

TEST(KernelScan, FindsBothImagesInTheDebianKernel) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  ExpectDebian72Images(ExtractVdsoImages(kernel));
}

TEST(KernelScan, FindsBothImagesInAGzippedKernel) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const fs::path gz = TempDir() / "Image.gz";
  const auto result = RunSubprocess({"sh", "-c", "gzip -1 -c \"$0\" > \"$1\"", kernel, gz.string()},
                                    {.timeout = std::chrono::seconds(60)});
  ASSERT_TRUE(result.ok()) << result.Describe() << result.output;
  ExpectDebian72Images(ExtractVdsoImages(gz));
  fs::remove_all(gz.parent_path());
}

TEST(KernelScan, ReadsAStandaloneSharedObject) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  ASSERT_FALSE(scan.images.empty());
  const fs::path so = TempDir() / "vdso.so";
  WriteBytes(so, scan.images[0].bytes);
  const ScanResult again = ExtractVdsoImages(so);
  ASSERT_EQ(again.images.size(), 1u);
  EXPECT_EQ(again.images[0].sha256, scan.images[0].sha256);
  EXPECT_EQ(again.images[0].source_offset, 0u);
  fs::remove_all(so.parent_path());
}

TEST(KernelScan, TruncatedKernelNamesTheProblem) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const std::vector<std::uint8_t> bytes = ReadKernelFile(kernel);
  const ScanResult scan = ScanForVdsoImages(bytes);
  ASSERT_EQ(scan.images.size(), 2u);
  // Cut inside the first image's section header table: that image is rejected as truncated.
  const VdsoImage& first = scan.images[0];
  const std::span<const std::uint8_t> cut(bytes.data(),
                                          first.source_offset + first.elf.extent - 10);
  const ScanResult truncated = ScanForVdsoImages(cut);
  EXPECT_TRUE(truncated.images.empty());
  ASSERT_EQ(truncated.rejected.size(), 1u);
  EXPECT_NE(truncated.rejected[0].find("truncated"), std::string::npos) << truncated.rejected[0];
  // Cut before the images: the file-level error says no vDSO was found.
  const fs::path head = TempDir() / "head";
  WriteBytes(head, std::span<const std::uint8_t>(bytes.data(), first.source_offset));
  try {
    ExtractVdsoImages(head);
    FAIL() << "a kernel cut before its vDSO yielded images";
  } catch (const ImageFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("no RISC-V vDSO image found"), std::string::npos)
        << e.what();
  }
  fs::remove_all(head.parent_path());
}

TEST(KernelScan, CorruptedGnuHashIsReported) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  ASSERT_FALSE(scan.images.empty());
  std::vector<std::uint8_t> bytes = scan.images[0].bytes;
  const ElfSection* hash = scan.images[0].elf.FindSection(".gnu.hash");
  ASSERT_NE(hash, nullptr);
  // Zero every bucket (they follow the 16-byte header and the 64-bit bloom words).
  const std::uint32_t nbuckets = bytes[hash->offset] | (bytes[hash->offset + 1] << 8);
  const std::uint32_t bloom = bytes[hash->offset + 8] | (bytes[hash->offset + 9] << 8);
  const std::uint64_t buckets = hash->offset + 16 + std::uint64_t{bloom} * 8;
  std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(buckets), nbuckets * 4, 0);
  const VdsoImage corrupted = AnalyzeVdsoImage(bytes);
  EXPECT_EQ(corrupted.elf.gnu_hash.problems.size(), kDebian72Symbols.size())
      << ::testing::PrintToString(corrupted.elf.gnu_hash.problems);
}

TEST(KernelScan, CorruptedSymbolNameOffsetIsAnError) {
  const std::string kernel = vdsoconf::testing::TestKernelPath();
  if (kernel.empty()) return;
  const ScanResult scan = ExtractVdsoImages(kernel);
  ASSERT_FALSE(scan.images.empty());
  std::vector<std::uint8_t> bytes = scan.images[0].bytes;
  const ElfSection* dynsym = scan.images[0].elf.FindSection(".dynsym");
  ASSERT_NE(dynsym, nullptr);
  // Symbol 2's st_name points far outside .dynstr.
  std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(dynsym->offset + 2 * 24), 4, 0xff);
  EXPECT_THROW(AnalyzeVdsoImage(bytes), ImageFormatError);
}

}  // namespace
}  // namespace vdsoconf::riscv
