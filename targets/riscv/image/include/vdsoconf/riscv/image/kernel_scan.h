// Finding the vDSO images inside a kernel file.
//
// A RISC-V kernel carries its vDSO as bytes in .rodata/.data (arch/riscv/kernel/vdso/vdso.S
// incbin's vdso.so; since 6.18 vdso_cfi/vdso-cfi.S adds the CFI build). Whatever the container
// (the PE/EFI-headed Image Debian ships as vmlinuz, a plain Image, a gzip'd Image, the vmlinux
// ELF, or a standalone vdso.so) the images are ELF64 ET_DYN EM_RISCV objects at some offset, so
// the scan looks for ELF headers, keeps those that parse as RISC-V shared objects, and takes
// each one's extent from its section headers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "vdsoconf/riscv/image/vdso_image.h"

namespace vdsoconf::riscv {

// The file's bytes, gunzip'd (or otherwise decompressed by libarchive's raw filters: xz, zstd,
// lz4, bzip2) when it is compressed. Throws InfraError when it cannot be read or decompressed;
// refuses to decompress past `max_bytes`.
std::vector<std::uint8_t> ReadKernelFile(const std::filesystem::path& path,
                                         std::uint64_t max_bytes = std::uint64_t{1} << 30);

struct ScanResult {
  std::vector<VdsoImage> images;  // in file order
  // ELF headers that looked like RISC-V shared objects but did not parse (offset + reason).
  std::vector<std::string> rejected;
};

// Every vDSO image in `bytes`. An ELF at offset 0 that is not ET_DYN (vmlinux itself) is
// skipped, its contents still scanned. Never throws for bad content: corrupt candidates go to
// `rejected`.
ScanResult ScanForVdsoImages(std::span<const std::uint8_t> bytes);

// ReadKernelFile + ScanForVdsoImages, throwing ImageFormatError with a message naming the file
// when no image is found (not a kernel, truncated, stripped of its vDSO).
ScanResult ExtractVdsoImages(const std::filesystem::path& path);

}  // namespace vdsoconf::riscv
