// The architectures' own data in the vvar pages: the list of them (an architecture-list file, the
// one generic header that names every architecture's vvar data type).
//
// Where the kernel leaves room for an architecture (include/vdso/datapage.h), VvarState holds an
// ArchTimeData or ArchPages, whose members are one per architecture, each the typed model of that
// architecture's structs, declared in reference/arch/<arch>/. Only the running layout's own
// architecture maps its member to bytes (its layout table binds to it); every other member is a
// model member no field maps, which the codec already requires to be zero (Validate:
// kAbsentFieldNonZero) and leaves zero when decoding. So equality, encode, decode and the layout
// tables stay generic and bit-exact, each architecture keeps named, typed members (no byte views
// to reinterpret, no aliasing), and adding an architecture adds one member here and its codec
// names in reference/src/all_arch_vvar_data.cc. Chosen over a std::variant, whose alternative
// would have to be picked before decoding and be part of equality, and over raw bytes with typed
// views, which would need a FieldRef kind of their own for every architecture field.
//
// x86_64, next: no ArchTimeData member (x86 declares no arch_vdso_data); its vclock pages (the
// pvclock_vsyscall_time_info page and the Hyper-V ms_hyperv_tsc_page) as an ArchPages member.
#pragma once

#include "vdsoconf/reference/riscv/hwprobe_cache.h"

namespace vdsoconf::ref {

// The architecture part of the time data: 6.x `vdso_data.arch_data` (struct arch_vdso_data, one
// per vdso_data[cs]) and 7.x `vdso_time_data.arch_data` (struct arch_vdso_time_data).
struct ArchTimeData {
  riscv::HwprobeCache riscv;  // 6.12 arch_vdso_data

  friend bool operator==(const ArchTimeData&, const ArchTimeData&) = default;
};

// The architecture's own vvar pages: 7.x VDSO_ARCH_PAGES_START .. VDSO_NR_PAGES, and the
// pages a 6.x architecture maps next to its data pages.
struct ArchPages {
  riscv::HwprobeCache riscv;  // 7.2 struct vdso_arch_data

  friend bool operator==(const ArchPages&, const ArchPages&) = default;
};

}  // namespace vdsoconf::ref
