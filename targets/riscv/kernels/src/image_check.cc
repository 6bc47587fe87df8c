#include "vdsoconf/riscv/kernels/image_check.h"

#include <cstring>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::riscv::kernels {
namespace {

constexpr std::size_t kHeaderSize = 64;

template <typename T>
T Load(std::string_view bytes, std::size_t offset) {
  T value{};
  std::memcpy(&value, bytes.data() + offset, sizeof(T));  // the header is little-endian, as we are
  return value;
}

[[noreturn]] void Refuse(const std::string& name, const std::string& why) {
  throw InfraError(name + " is not a bootable RISC-V kernel Image: " + why);
}

// The end of the last section's raw data in the PE file at `pe`, or 0 if the PE header itself
// does not fit (then the file is truncated).
std::uint64_t PeFileEnd(std::string_view bytes, std::uint32_t pe) {
  constexpr std::size_t kCoffHeader = 24;  // "PE\0\0" + COFF file header
  constexpr std::size_t kSectionHeader = 40;
  if (pe + kCoffHeader > bytes.size()) return 0;
  const auto sections = Load<std::uint16_t>(bytes, pe + 6);
  const auto optional_size = Load<std::uint16_t>(bytes, pe + 20);
  const std::uint64_t table = std::uint64_t{pe} + kCoffHeader + optional_size;
  if (table + std::uint64_t{sections} * kSectionHeader > bytes.size()) return 0;
  std::uint64_t end = table + std::uint64_t{sections} * kSectionHeader;
  for (std::uint16_t i = 0; i < sections; ++i) {
    const std::uint64_t header = table + std::uint64_t{i} * kSectionHeader;
    const auto raw_size = Load<std::uint32_t>(bytes, header + 16);
    const auto raw_offset = Load<std::uint32_t>(bytes, header + 20);
    end = std::max(end, std::uint64_t{raw_offset} + raw_size);
  }
  return end;
}

}  // namespace

ImageInfo InspectKernelImage(std::string_view bytes, const std::string& name) {
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b) {
    Refuse(name,
           "it is gzip-compressed (Image.gz); QEMU's -kernel needs the uncompressed Image "
           "(gunzip it)");
  }
  if (bytes.size() >= 4 && bytes.substr(0, 4) ==
                               "\x7f"
                               "ELF") {
    Refuse(name, "it is an ELF file (vmlinux?); pass the Image (arch/riscv/boot/Image)");
  }
  if (bytes.size() >= 8 && bytes.substr(0, 2) == "MZ" && bytes.substr(4, 4) == "zimg") {
    Refuse(name,
           "it is an EFI zboot image (compressed, needs EFI firmware); pass the plain "
           "Image (arch/riscv/boot/Image, CONFIG_EFI_ZBOOT=n)");
  }
  if (bytes.size() < kHeaderSize) {
    Refuse(name, "it is " + std::to_string(bytes.size()) + " bytes, shorter than the " +
                     std::to_string(kHeaderSize) + "-byte Image header");
  }
  if (bytes.substr(0x38, 4) != std::string_view("RSC\x05", 4) ||
      bytes.substr(0x30, 8) != std::string_view("RISCV\0\0\0", 8)) {
    Refuse(name, "no RISC-V Image header (\"RISCV\" at 0x30 and \"RSC\\x05\" at 0x38)");
  }
  ImageInfo info;
  info.file_size = bytes.size();
  info.text_offset = Load<std::uint64_t>(bytes, 0x08);
  info.image_size = Load<std::uint64_t>(bytes, 0x10);
  info.header_version = Load<std::uint32_t>(bytes, 0x20);
  if (info.image_size == 0 || info.image_size < info.file_size) {
    Refuse(name, "its header's image_size (" + std::to_string(info.image_size) +
                     ") is zero or smaller than the file (" + std::to_string(info.file_size) + ")");
  }
  if (bytes.substr(0, 2) == "MZ") {
    const auto pe = Load<std::uint32_t>(bytes, 0x3c);
    if (pe < bytes.size() && bytes.size() - pe >= 4 &&
        bytes.substr(pe, 4) == std::string_view("PE\0\0", 4)) {
      info.has_efi_stub = true;
      info.pe_file_end = PeFileEnd(bytes, pe);
      if (info.pe_file_end == 0 || info.pe_file_end > info.file_size) {
        Refuse(name, "it is truncated: its PE sections end at byte " +
                         std::to_string(info.pe_file_end) + " but the file has " +
                         std::to_string(info.file_size));
      }
    } else {
      Refuse(name, "it starts with \"MZ\" but its PE header (offset " + std::to_string(pe) +
                       ") is missing: truncated or corrupt");
    }
  }
  return info;
}

}  // namespace vdsoconf::riscv::kernels
