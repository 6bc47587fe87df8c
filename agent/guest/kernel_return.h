// A system call's return as the kernel gave it: glibc's syscall() turns -E into -1 with errno E,
// and the vDSO returns -E itself when it falls back, so probes record -E on both sides.
#pragma once

#include <cerrno>

namespace vdsoconf::agent {

inline long KernelReturn(long glibc_return) {
  return glibc_return == -1 ? -static_cast<long>(errno) : glibc_return;
}

}  // namespace vdsoconf::agent
