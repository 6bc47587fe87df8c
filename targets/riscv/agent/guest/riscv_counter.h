// The RISC-V `time` CSR: the counter the vDSO reads (__arch_get_hw_counter is csr_read(CSR_TIME)).
#pragma once

#include <cstdint>

namespace vdsoconf::agent {

inline std::uint64_t ReadTimeCounter() {
  std::uint64_t value;
  asm volatile("rdtime %0" : "=r"(value));
  return value;
}

}  // namespace vdsoconf::agent
