#include "vdsoconf/riscv/kernels/kernel_file_check.h"

#include <array>
#include <cstring>
#include <fstream>

namespace vdsoconf::riscv::kernels {
namespace {

constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kMagic2Offset = 56;
constexpr char kMagic2[] = "RSC\x05";
constexpr unsigned kElfMachineRiscv = 243;

std::string Describe(const std::array<unsigned char, kHeaderBytes>& h, std::size_t size) {
  if (size >= 2 && h[0] == 0x1f && h[1] == 0x8b) {
    return "it is a gzip file (decompress it, or pass the uncompressed Image)";
  }
  if (size >= 4 && std::memcmp(h.data(),
                               "\x7f"
                               "ELF",
                               4) == 0) {
    return "it is an ELF file for another machine or class";
  }
  if (size >= 2 && h[0] == 'M' && h[1] == 'Z') {
    return "it is a PE/EFI file without the RISC-V boot header";
  }
  return "no RISC-V Image header (magic \"RSC\\x05\" at offset 56) and not a RISC-V ELF";
}

}  // namespace

std::string WhyNotRiscvKernel(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return path.string() + " is not a RISC-V kernel: no such regular file";
  }
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, kHeaderBytes> header{};
  in.read(reinterpret_cast<char*>(header.data()), kHeaderBytes);
  auto size = static_cast<std::size_t>(in.gcount());
  if (!in && size == 0) return path.string() + " is not a RISC-V kernel: unreadable or empty";
  if (size == kHeaderBytes && std::memcmp(header.data() + kMagic2Offset, kMagic2, 4) == 0) {
    return "";
  }
  bool elf64 = size >= 20 &&
               std::memcmp(header.data(),
                           "\x7f"
                           "ELF",
                           4) == 0 &&
               header[4] == 2;
  if (elf64 && (header[18] | (header[19] << 8)) == kElfMachineRiscv) return "";
  return path.string() + " is not a RISC-V kernel: " + Describe(header, size);
}

}  // namespace vdsoconf::riscv::kernels
