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
// This is the RISC-V KernelArch's inspect_image: the kernel store runs it on every image it keeps.
#pragma once

#include <string>
#include <string_view>

#include "vdsoconf/kernels/kernel_arch.h"

namespace vdsoconf::riscv::kernels {

using vdsoconf::kernels::ImageInfo;

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

}  // namespace vdsoconf::riscv::kernels
