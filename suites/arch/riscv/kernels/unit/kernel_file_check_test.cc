// A file that is not a RISC-V kernel is recognised before QEMU gets it (QEMU would jump into it
// and hang silently).
#include "vdsoconf/riscv/kernels/kernel_file_check.h"

#include <gtest/gtest.h>

#include <fstream>

namespace vdsoconf::riscv::kernels {
namespace {

std::filesystem::path WriteFile(const std::string& name, const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() / ("vdsoconf-kernel-image-test-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string ImageHeader(const char* magic2) {
  std::string header(64, '\0');
  header.replace(0, 2, "MZ");
  header.replace(48, 5, "RISCV");
  header.replace(56, 4, magic2, 4);
  return header + std::string(1000, 'x');
}

TEST(WhyNotRiscvKernel, AcceptsImageHeaderAndRiscvElf) {
  EXPECT_EQ(WhyNotRiscvKernel(WriteFile("image", ImageHeader("RSC\x05"))), "");
  std::string elf(64, '\0');
  elf.replace(0, 4,
              "\x7f"
              "ELF");
  elf[4] = 2;     // ELFCLASS64
  elf[18] = static_cast<char>(243);  // EM_RISCV
  EXPECT_EQ(WhyNotRiscvKernel(WriteFile("elf", elf)), "");
}

TEST(WhyNotRiscvKernel, RejectsOtherFilesSayingWhat) {
  struct Case {
    std::string name, bytes, expected;
  };
  std::string x86_elf(64, '\0');
  x86_elf.replace(0, 4,
                  "\x7f"
                  "ELF");
  x86_elf[4] = 2;
  x86_elf[18] = 62;  // EM_X86_64
  for (const Case& c : {Case{"text", "this is a config file\n", "no RISC-V Image header"},
                        Case{"gzip", "\x1f\x8b\x08\x00rest", "gzip"},
                        Case{"badmagic", ImageHeader("RSC\x06"), "PE/EFI"},
                        Case{"x86", x86_elf, "ELF file for another machine"},
                        Case{"empty", "", "unreadable or empty"}}) {
    auto path = WriteFile(c.name, c.bytes);
    std::string why = WhyNotRiscvKernel(path);
    EXPECT_NE(why.find(c.expected), std::string::npos) << c.name << ": " << why;
    EXPECT_NE(why.find(path.string()), std::string::npos) << c.name << ": " << why;
  }
  EXPECT_NE(WhyNotRiscvKernel("/nonexistent/Image").find("no such regular file"),
            std::string::npos);
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
