// The riscv64 target's mutant job (vdsoconf/targets/mutant_catalog.h): the catalogue (catalog.h)
// and its builds (mutant_build.h) behind the architecture-neutral interface.
#pragma once

#include <memory>

#include "vdsoconf/targets/mutant_catalog.h"

namespace vdsoconf::riscv::mutants {

std::unique_ptr<targets::MutantCatalog> MakeMutantCatalog();

}  // namespace vdsoconf::riscv::mutants
