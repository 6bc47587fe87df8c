// Test helpers shared by the entry-point tests of RISC-V's model (suites/arch/riscv/reference)
// and of the kernel sources (suites/arch/riscv/layout): the names of a generation's entry points,
// and a list printed for a failure message.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

namespace vdsoconf::ref::riscv::test_support {

inline std::vector<std::string> Names(Generation g) {
  std::vector<std::string> names;
  for (const EntryPoint& e : VdsoEntryPoints(g)) names.emplace_back(e.name);
  return names;
}

inline std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += n + " ";
  return out;
}

}  // namespace vdsoconf::ref::riscv::test_support
