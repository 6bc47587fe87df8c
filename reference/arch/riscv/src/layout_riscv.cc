// Descriptions of the RISC-V vvar pages: the generic datapage structs (datapage_desc.h), the
// hwprobe arch data member by member as the kernel declares it, and which model member each maps
// to. See layout.h for the kernel files each one is read from.
#include "layout_riscv.h"

#include "datapage_desc.h"

namespace vdsoconf::ref::layout_internal {
namespace {

using enum ScalarType;

constexpr std::uint32_t kL1CacheBytes = 64;  // arch/riscv/include/asm/cache.h

// 6.12 struct arch_vdso_data / 7.2 struct vdso_arch_data: the hwprobe cache. `ready` is 7.2 only.
StructPtr HwprobeArchData(std::string kernel_type, std::uint32_t keys, bool has_ready) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = std::move(kernel_type);
  d->members.push_back(ScalarArray<kU64>(
      "all_cpu_hwprobe_values", keys, [](Cursor c, std::uint32_t i) -> auto& {
        return As<riscv::HwprobeCache>(c).all_cpu_hwprobe_values[i];
      }));
  d->members.push_back(Scalar<kU8>(
      "homogeneous_cpus",
      [](Cursor c) -> auto& { return As<riscv::HwprobeCache>(c).homogeneous_cpus; }));
  if (has_ready) {
    d->members.push_back(Scalar<kU8>(
        "ready", [](Cursor c) -> auto& { return As<riscv::HwprobeCache>(c).ready; }));
  }
  return d;
}

// 6.12's vdso_data[cs].arch_data is RISC-V's member of the model's ArchTimeData.
Cursor RiscvMember(ArchTimeData& holder) {
  return Cursor{&holder.riscv};
}

// 6.1 and 6.12: arch/riscv/kernel/vdso.c enum vvar_pages.
LayoutDesc Linux6(LayoutVariant variant, StructPtr arch_data, std::uint32_t hwprobe_keys) {
  LayoutDesc d{variant, 2, "VVAR_NR_PAGES", hwprobe_keys, {}};
  d.pages.push_back(PageDesc{0, "VVAR_DATA_PAGE_OFFSET", "vdso_data",
                             VdsoData(variant.overflow_protect, false, arch_data, RiscvMember),
                             kCsBases, TimePage});
  d.pages.push_back(PageDesc{1, "VVAR_TIMENS_PAGE_OFFSET", "timens_data",
                             VdsoData(variant.overflow_protect, true, arch_data, RiscvMember),
                             kCsBases, TimensPage});
  return d;
}

}  // namespace

LayoutDesc DescribeLinux6_1() {
  return Linux6({Generation::kLinux6_1, false}, EmptyStruct("struct arch_vdso_data"), 0);
}

LayoutDesc DescribeLinux6_12(bool overflow_protect) {
  constexpr std::uint32_t kKeys = 9 + 1;  // RISCV_HWPROBE_MAX_KEY + 1
  return Linux6({Generation::kLinux6_12, overflow_protect},
                HwprobeArchData("struct arch_vdso_data", kKeys, false), kKeys);
}

LayoutDesc DescribeLinux7_2(bool overflow_protect) {
  constexpr std::uint32_t kKeys = 16 + 1;  // RISCV_HWPROBE_MAX_KEY + 1
  static_assert(kKeys <= riscv::kMaxHwprobeKeys);
  LayoutDesc d{{Generation::kLinux7_2, overflow_protect}, 4, "VDSO_NR_PAGES", kKeys, {}};
  d.pages.push_back(PageDesc{0, "VDSO_TIME_PAGE_OFFSET", "vdso_time_data",
                             VdsoTimeData(overflow_protect, false, kL1CacheBytes), 1, TimePage});
  d.pages.push_back(PageDesc{1, "VDSO_TIMENS_PAGE_OFFSET", "timens_time_data",
                             VdsoTimeData(overflow_protect, true, kL1CacheBytes), 1, TimensPage});
  d.pages.push_back(
      PageDesc{2, "VDSO_RNG_PAGE_OFFSET", "vdso_rng_data", VdsoRngDataStruct(), 1, RngPage});
  d.pages.push_back(PageDesc{3, "VDSO_ARCH_PAGES_START", "vdso_arch_data",
                             HwprobeArchData("struct vdso_arch_data", kKeys, true), 1,
                             [](VvarState& s, std::uint32_t) { return Cursor{&s.arch.riscv}; }});
  return d;
}

}  // namespace vdsoconf::ref::layout_internal
