#include "vdsoconf/riscv/kernels/riscv64_kernels.h"

#include <array>

#include "vdsoconf/riscv/kernels/image_check.h"
#include "vdsoconf/riscv/kernels/kernel_file_check.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::SourceVariant;

constexpr std::array<SourceVariant, 2> kVariants{{
    {"btf", "DWARF debug info turned into BTF by pahole: /sys/kernel/btf/vmlinux"},
    {"nojumplabel",
     "CONFIG_JUMP_LABEL off, as tinyconfig leaves it: on 6.1 the vDSO's cpu_relax() then reads "
     "a kernel static key through an unrelocated slot and faults"},
}};

}  // namespace

const vdsoconf::kernels::KernelArch& Riscv64Kernels() {
  static const vdsoconf::kernels::KernelArch arch{
      .kbuild_arch = "riscv",
      .debian_arch = "riscv64",
      .debian_kernel_flavour = "riscv64",
      .debian_kernel_suite = "sid",
      .cross_compile = "riscv64-linux-gnu-",
      .compiler_package = "gcc-riscv64-linux-gnu",
      .image_target = "Image",
      .image_path = "arch/riscv/boot/Image",
      .source_releases = vdsoconf::kernels::DebianSourceReleases(),
      .source_variants = kVariants,
      .fragments = &EmbeddedFragments(),
      .fragment_dir = "targets/riscv/kernels/config/",
      .spec_forms =
          "expected debian:latest, debian:VERSION (e.g. debian:7.2.13+deb14), "
          "source:LINE[+VARIANT...] (e.g. source:6.12+btf, source:6.1+nojumplabel), or a path to "
          "an Image containing '/' (optionally ,build=DIR)",
      .inspect_image = InspectKernelImage,
      .why_not_bootable = WhyNotRiscvKernel,
  };
  return arch;
}

}  // namespace vdsoconf::riscv::kernels
