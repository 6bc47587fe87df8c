// x86_64's part of the reference model (reference/include/vdsoconf/reference/arch_model.h): the
// vvar layouts of its kernels (src/layout_x86.h says where each is read from) and how kbuild
// compiles its headers. The pvclock and hvclock page contents, the clock readers and the writer
// hooks are not modelled yet (issue #15).
#pragma once

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::ref::x86 {

const ArchModel& X86_64Model();

}  // namespace vdsoconf::ref::x86
