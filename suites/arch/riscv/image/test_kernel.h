// The kernel the conformance tests read: $VDSOCONF_TEST_KERNEL (Debian's riscv64 7.2 vmlinuz
// until the kernels fixture provides it).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace vdsoconf::testing {

inline std::string TestKernelPath() {
  const char* path = std::getenv("VDSOCONF_TEST_KERNEL");
  if (path == nullptr || *path == '\0') {
    ADD_FAILURE() << "VDSOCONF_TEST_KERNEL is not set: point it at a RISC-V kernel with a vDSO, "
                     "e.g. usr/lib/modules/7.2.13+deb14-riscv64/vmlinuz from Debian's "
                     "linux-binary-7.2.13+deb14-riscv64 package";
    return "";
  }
  return path;
}

}  // namespace vdsoconf::testing
