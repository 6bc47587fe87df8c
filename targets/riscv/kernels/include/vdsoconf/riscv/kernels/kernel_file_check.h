// Recognising a RISC-V kernel before handing it to QEMU, so a wrong file is a clear error rather
// than a silent boot hang (QEMU jumps into any blob it is given). Boot runs it, and so does
// provisioning for a boot (the RISC-V KernelArch's why_not_bootable).
#pragma once

#include <filesystem>
#include <string>

namespace vdsoconf::riscv::kernels {

// Returns "" when `path` is a bootable RISC-V kernel: an Image (the boot header's magic2 "RSC\x05"
// at offset 56, Documentation/arch/riscv/boot-image-header.rst; Debian's vmlinuz is one) or a
// 64-bit RISC-V ELF (e_machine 243, e.g. vmlinux). Otherwise returns why not, naming the file
// ("... is not a RISC-V kernel: it is a gzip file; pass the uncompressed Image"). Never throws.
std::string WhyNotRiscvKernel(const std::filesystem::path& path);

}  // namespace vdsoconf::riscv::kernels
