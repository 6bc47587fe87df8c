// The RISC-V vvar generations as struct descriptions (internal; see layout.h for sources).
#pragma once

#include "layout_builder.h"

namespace vdsoconf::ref::layout_internal {

LayoutDesc DescribeLinux6_1();
LayoutDesc DescribeLinux6_12(bool overflow_protect);
LayoutDesc DescribeLinux7_2(bool overflow_protect);

}  // namespace vdsoconf::ref::layout_internal
