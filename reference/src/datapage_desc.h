// Descriptions of the generic vDSO data structs of include/vdso/datapage.h and include/vdso/time.h
// (internal), member by member as the kernel declares them, for every architecture's layouts
// (reference/arch/<arch>/): the arch supplies only what datapage.h leaves to it (its arch data
// struct, L1_CACHE_BYTES) and where each struct sits in its vvar pages.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "layout_builder.h"

namespace vdsoconf::ref::layout_internal {

// `struct NAME {}`: size 0 in GNU C (an arch data struct the architecture does not fill).
StructPtr EmptyStruct(std::string kernel_type);

// 6.1/6.12 struct vdso_data, whose arch_data member is `arch_data`. Entered with a cursor
// {VdsoTimePage*, cs}: the kernel repeats the tail and arch_data in each vdso_data[cs], the model
// keeps them in per-cs arrays. `timens`: the time-namespace view (offset[] for basetime[]).
// `arch_member` gives the architecture's member of the model's ArchTimeData (arch_vvar_data.h),
// which `arch_data`'s members are entered with; an architecture without arch data (an empty
// struct, nothing to enter) passes nothing.
StructPtr VdsoData(bool overflow_protect, bool timens, StructPtr arch_data,
                   std::function<Cursor(ArchTimeData&)> arch_member = {});

// 7.2 struct vdso_time_data (____cacheline_aligned: `cacheline_bytes` is the architecture's
// L1_CACHE_BYTES), with the empty `struct arch_vdso_time_data` of an architecture that does not
// select ARCH_HAS_VDSO_TIME_DATA. Entered with a cursor {VdsoTimePage*}.
StructPtr VdsoTimeData(bool overflow_protect, bool timens, std::uint32_t cacheline_bytes);

// struct vdso_rng_data. Entered with a cursor {VdsoRngData*}.
StructPtr VdsoRngDataStruct();

// Page entries (PageDesc::enter) for the model objects above.
Cursor TimePage(VvarState& state, std::uint32_t cs);
Cursor TimensPage(VvarState& state, std::uint32_t cs);
Cursor RngPage(VvarState& state, std::uint32_t element);

}  // namespace vdsoconf::ref::layout_internal
