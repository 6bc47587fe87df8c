// Finding the kernel's BTF inside a kernel image, without booting it.
//
// /sys/kernel/btf/vmlinux is the kernel's .BTF section verbatim (__start_BTF..__stop_BTF,
// kernel/bpf/sysfs_btf.c), and the section is part of the loaded image: the bytes are inside the
// Image file (arch/riscv/boot/Image is `objcopy -O binary vmlinux`; Debian's vmlinuz is the same,
// uncompressed, behind a PE/EFI header) and inside vmlinux. So the host reads the types from the
// file it boots, and the guest only reports the size and a hash of what the kernel exposes.
//
// The format (include/uapi/linux/btf.h, struct btf_header): u16 magic 0xeB9F, u8 version 1,
// u8 flags, u32 hdr_len, then type_off, type_len, str_off, str_len, all relative to the end of
// the header. The kernel writes it in its own byte order; RISC-V and the hosts are little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/reference/layout.h"

namespace vdsoconf::btf {

inline constexpr std::uint16_t kBtfMagic = 0xeB9F;
inline constexpr std::uint8_t kBtfVersion = 1;

// Where a BTF blob sits in a file.
struct BtfBlobLocation {
  std::uint64_t offset = 0;  // of the header's first byte
  std::uint64_t size = 0;    // hdr_len + max(type_off + type_len, str_off + str_len)
};

// Checks that `bytes` starts with a BTF header whose sections lie inside `bytes`, and returns the
// blob's total size (which may be less than bytes.size()). Errors name the first inconsistency:
// fewer than 24 bytes, wrong magic, version other than 1, hdr_len below 24 or past the end, a
// section that runs past the end or overlaps the other, an empty string section or one that does
// not start with the empty string (libbpf rejects those too).
ref::Result<std::uint64_t> ValidateBtfHeader(std::span<const std::uint8_t> bytes);

// Every offset in `image` where a consistent BTF header starts (ValidateBtfHeader passes), in
// file order. A kernel image holds exactly one; random data can hold a magic number but
// practically never a consistent header.
std::vector<BtfBlobLocation> FindBtfBlobs(std::span<const std::uint8_t> image);

// The whole of `path`, at most `max_size` bytes. Errors: unreadable, or larger than max_size
// (a guard: kernel Images are tens of MB, vmlinux with DWARF a few hundred).
ref::Result<std::vector<std::uint8_t>> ReadWholeFile(const std::filesystem::path& path,
                                                     std::uint64_t max_size = 1ull << 30);

// 64-bit FNV-1a over `bytes` (offset basis 0xcbf29ce484222325, prime 0x100000001b3): the hash
// the guest probe kernel.btf computes over /sys/kernel/btf/vmlinux. Not cryptographic: it tells
// an accidental mismatch (another build's Image), which is all the check needs.
std::uint64_t Fnv1a64(std::span<const std::uint8_t> bytes);

}  // namespace vdsoconf::btf
