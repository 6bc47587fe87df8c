// Recognising a RISC-V kernel Image before anything tries to boot it.
//
// The header is documented in Documentation/arch/riscv/boot-image-header.rst (64 bytes):
//   0x00 u32 code0 ("MZ..." when the image carries an EFI stub)   0x04 u32 code1
//   0x08 u64 text_offset   0x10 u64 image_size (in memory, not the file size)   0x18 u64 flags
//   0x20 u32 version (major << 16 | minor)   0x24 u32 res1   0x28 u64 res2
//   0x30 u64 magic  = "RISCV\0\0\0" (deprecated since header 0.2, still written)
//   0x38 u32 magic2 = "RSC\x05"                                  0x3c u32 res3 = PE header offset
// An EFI-stub image (Debian's vmlinuz) is also a PE/COFF file, whose section table says how
// long the file must be: that is how a truncated copy is caught. An image without an EFI stub
// (the minimal source builds) has no such length; only its header can be checked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::riscv::kernels {

struct ImageInfo {
  std::uint64_t file_size = 0;
  std::uint64_t text_offset = 0;
  std::uint64_t image_size = 0;  // bytes the kernel occupies in memory
  std::uint32_t header_version = 0;
  bool has_efi_stub = false;      // starts with "MZ" and has a PE header
  std::uint64_t pe_file_end = 0;  // has_efi_stub: end of the last PE section's raw data
};

// Returns the header fields of the RISC-V Image in `bytes` (the whole file). Throws InfraError
// with a message saying what the file is instead when it is not a bootable RISC-V Image:
//  - shorter than the 64-byte header, or without "RSC\x05" at 0x38 (and "RISCV" at 0x30);
//  - gzip-compressed (Image.gz: QEMU's -kernel does not decompress it; gunzip it first);
//  - an EFI zboot image ("MZ" + "zimg": compressed, needs EFI firmware; use the plain Image);
//  - an ELF file (vmlinux: pass arch/riscv/boot/Image instead);
//  - an EFI-stub image whose PE sections extend past the end of the file (truncated);
//  - image_size zero or smaller than the file (a header the boot loader cannot use).
// `name` is only used in messages.
ImageInfo InspectKernelImage(std::string_view bytes, const std::string& name);

// The release in the kernel's "Linux version <release> (" banner (linux_banner, stored as plain
// text in an uncompressed Image), or nullopt when the bytes hold none.
std::optional<std::string> BannerRelease(std::string_view bytes);

// Reads `path` and inspects it. Throws InfraError when it cannot be read or is not an Image.
ImageInfo InspectKernelImageFile(const std::filesystem::path& path);

}  // namespace vdsoconf::riscv::kernels
