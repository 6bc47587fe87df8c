// Kernel config fragments: the minimal set of options the suite needs, kept as data files in
// targets/riscv/kernels/config/ and compiled into the program.
#pragma once

#include <map>
#include <string>

namespace vdsoconf::riscv::kernels {

// Every fragment in targets/riscv/kernels/config/, by file name without ".config"
// ("common", "btf", "6.1" ...), with its exact text.
const std::map<std::string, std::string>& EmbeddedFragments();

}  // namespace vdsoconf::riscv::kernels
