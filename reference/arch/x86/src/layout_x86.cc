// The x86_64 vvar pages: where the generic datapage structs (datapage_desc.h) sit, and the vclock
// pages. See layout_x86.h for the kernel files each is read from.
#include "layout_x86.h"

#include "datapage_desc.h"

namespace vdsoconf::ref::layout_internal::x86 {
namespace {

constexpr std::uint32_t kL1CacheBytes = 64;  // 1 << CONFIG_X86_L1_CACHE_SHIFT (6 for X86_64)

// 6.x: the offsets DECLARE_VVAR gives in asm/vvar.h, as the x86 probe source names them
// (x86_64_model.cc re-reads asm/vvar.h with EMIT_VVAR defined, as the linker script does).
constexpr std::uint32_t kVdsoDataOffset = 128;
constexpr std::uint32_t kRngDataOffset = 640;
constexpr const char* kVdsoDataOffsetSymbol = "vdsoconf_vvar_offset_vdso_data";
constexpr const char* kRngDataOffsetSymbol = "vdsoconf_vvar_offset_vdso_rng_data";

LayoutOpaquePage Pvclock(std::uint32_t index, std::string symbol) {
  return {index, std::move(symbol), "pvclock_page",
          "kvm-clock's struct pvclock_vsyscall_time_info of CPU 0 (mapped when the vDSO uses "
          "VDSO_CLOCKMODE_PVCLOCK)"};
}

LayoutOpaquePage Hvclock(std::uint32_t index, std::string symbol) {
  return {index, std::move(symbol), "hvclock_page",
          "the Hyper-V reference TSC page, struct ms_hyperv_tsc_page (mapped when the vDSO uses "
          "VDSO_CLOCKMODE_HVCLOCK)"};
}

// 6.1 and 6.12: four pages placed by vdso-layout.lds.S (the lds_ symbols: see
// KernelHeaderBuild::vvar_pages_script).
LayoutDesc Linux6(LayoutVariant variant, bool rng) {
  LayoutDesc d;
  d.variant = variant;
  d.page_count = 4;
  d.kernel_page_count_symbol = "lds_nr_pages";
  const auto arch_data = EmptyStruct("struct arch_vdso_data");
  d.pages.push_back(PageDesc{0, "lds_vvar_page", "vdso_data",
                             VdsoData(variant.overflow_protect, false, arch_data), kCsBases,
                             TimePage, kVdsoDataOffset, kVdsoDataOffsetSymbol});
  if (rng) {
    d.pages.push_back(PageDesc{0, "lds_vvar_page", "vdso_rng_data", VdsoRngDataStruct(), 1, RngPage,
                               kRngDataOffset, kRngDataOffsetSymbol});
  }
  d.pages.push_back(PageDesc{3, "lds_timens_page", "timens_data",
                             VdsoData(variant.overflow_protect, true, arch_data), kCsBases,
                             TimensPage, kVdsoDataOffset, kVdsoDataOffsetSymbol});
  d.opaque_pages = {Pvclock(1, "lds_pvclock_page"), Hvclock(2, "lds_hvclock_page")};
  return d;
}

}  // namespace

LayoutDesc DescribeLinux6_1() {
  return Linux6({Generation::kLinux6_1, false}, false);
}

LayoutDesc DescribeLinux6_12(bool overflow_protect) {
  return Linux6({Generation::kLinux6_12, overflow_protect}, true);
}

LayoutDesc DescribeLinux7_2(bool overflow_protect) {
  LayoutDesc d;
  d.variant = {Generation::kLinux7_2, overflow_protect};
  d.page_count = 6;
  // The kernel's own check (vma.c): static_assert(VDSO_NR_PAGES + VDSO_NR_VCLOCK_PAGES ==
  // __VDSO_PAGES); __VDSO_PAGES is compared too (TreeFacts::page_count_symbols).
  d.kernel_page_count_symbol = "VDSO_NR_PAGES + VDSO_NR_VCLOCK_PAGES";
  d.pages.push_back(PageDesc{0, "VDSO_TIME_PAGE_OFFSET", "vdso_time_data",
                             VdsoTimeData(overflow_protect, false, kL1CacheBytes), 1, TimePage});
  d.pages.push_back(PageDesc{1, "VDSO_TIMENS_PAGE_OFFSET", "timens_time_data",
                             VdsoTimeData(overflow_protect, true, kL1CacheBytes), 1, TimensPage});
  d.pages.push_back(
      PageDesc{2, "VDSO_RNG_PAGE_OFFSET", "vdso_rng_data", VdsoRngDataStruct(), 1, RngPage});
  d.opaque_pages = {
      {3, "VDSO_ARCH_PAGES_START", "vdso_arch_data",
       "struct vdso_arch_data { char __unused; }: x86 has no arch data, the generic code needs "
       "the page"},
      Pvclock(4, "VDSO_VCLOCK_PAGES_START(0) / PAGE_SIZE + VDSO_PAGE_PVCLOCK_OFFSET"),
      Hvclock(5, "VDSO_VCLOCK_PAGES_START(0) / PAGE_SIZE + VDSO_PAGE_HVCLOCK_OFFSET"),
  };
  return d;
}

}  // namespace vdsoconf::ref::layout_internal::x86
