// The x86_64 vvar generations as struct descriptions (internal).
//
// Generation::kLinux6_1 (linux-source-6.1):
//   arch/x86/entry/vdso/vdso-layout.lds.S  vvar_start = . - 4 * PAGE_SIZE; vvar_page = vvar_start;
//                                   pvclock_page +1, hvclock_page +2, timens_page +3 pages
//   arch/x86/include/asm/vvar.h     DECLARE_VVAR(128, struct vdso_data, _vdso_data): the array
//                                   vdso_data[CS_BASES] at byte 128 of the vvar page, and (the
//                                   script re-reads vvar.h) at byte 128 of the timens page
//   include/vdso/datapage.h         struct vdso_data; x86 does not select ARCH_HAS_VDSO_DATA, so
//                                   arch_data is the empty `struct arch_vdso_data {}`
//   No CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT (6.10+): no max_cycles.
// Generation::kLinux6_12 (linux-source-6.12): as 6.1, plus
//   arch/x86/include/asm/vvar.h     DECLARE_VVAR_SINGLE(640, struct vdso_rng_data, _vdso_rng_data)
//                                   in the vvar page only (_SINGLE_DATA keeps it off timens_page)
//   arch/x86/Kconfig                selects GENERIC_VDSO_OVERFLOW_PROTECT (every x86 kernel has
//                                   max_cycles; the variant without it is the headers' layout
//                                   without the option, which no x86 kernel builds)
// Generation::kLinux7_2 (linux-source-7.2): the generic data store (lib/vdso/datastore.c)
//   include/vdso/datapage.h         enum vdso_pages: time 0, timens 1, rng 2, arch 3 (x86 does
//                                   not select ARCH_HAS_VDSO_ARCH_DATA: `struct vdso_arch_data {
//                                   char __unused; }`, never used at runtime), VDSO_NR_PAGES 4;
//                                   struct vdso_time_data ____cacheline_aligned (L1_CACHE_BYTES
//                                   64: X86_L1_CACHE_SHIFT 6 for X86_64)
//   arch/x86/include/asm/vdso/vsyscall.h  __VDSO_PAGES 6, VDSO_NR_VCLOCK_PAGES 2 after the data
//                                   pages: pvclock (VDSO_PAGE_PVCLOCK_OFFSET 0) at page 4,
//                                   hvclock (1) at page 5 (arch/x86/entry/vdso/vma.c maps them
//                                   as [vvar_vclock] right after [vvar])
// The pvclock and hvclock pages are opaque pages of the layout: where they are, not what they
// hold. In every generation the model's VvarState::timens is the time-namespace page wherever
// it is (page 3 in 6.x, page 1 in 7.2), VvarState::rng the rng data.
#pragma once

#include "layout_builder.h"

namespace vdsoconf::ref::layout_internal::x86 {

LayoutDesc DescribeLinux6_1();
LayoutDesc DescribeLinux6_12(bool overflow_protect);
LayoutDesc DescribeLinux7_2(bool overflow_protect);

}  // namespace vdsoconf::ref::layout_internal::x86
