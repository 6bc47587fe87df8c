// The patch files compiled into the program (generated embedded_patches.cc defines them).
#pragma once

#include <cstddef>

namespace vdsoconf::riscv::mutants::internal {

struct EmbeddedPatch {
  const char* line;  // "7.2": the directory under patches/
  const char* name;  // "seq-retry-removed": the file name without ".patch"
  const char* text;  // the whole file, header comment included
};

// Sorted by line, then name.
extern const EmbeddedPatch kEmbeddedPatches[];
extern const std::size_t kEmbeddedPatchCount;

}  // namespace vdsoconf::riscv::mutants::internal
