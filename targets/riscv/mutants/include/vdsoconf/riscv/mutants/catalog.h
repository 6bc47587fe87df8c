// The project's own vDSO mutants, as data.
//
// A mutant is one small patch to a kernel line's vDSO sources (today lib/vdso/gettimeofday.c),
// kept as targets/riscv/mutants/patches/<line>/<name>.patch and compiled into the program. Each
// file starts with a "#" comment saying what the change breaks and which check must catch it,
// followed by a unified diff that applies with `patch -p1` at the top of a linux-source tree.
// The same name exists for every line that has mutants, so "seq-retry-removed" on 6.12 and 7.2
// break the same thing in each generation's code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::riscv::mutants {

struct Mutant {
  std::string line;         // kernel line, "7.2"
  std::string name;         // "seq-retry-removed"
  std::string description;  // the header comment, without the "# " prefixes
  std::string patch;        // the whole file, as `patch` reads it (it skips the header)
};

// The kernel lines that have mutants, ascending ("6.12", "7.2").
std::vector<std::string> MutantLines();

// The mutants of `line`, sorted by name. Empty for a line without mutants.
std::vector<Mutant> MutantsFor(std::string_view line);

// The header comment of a patch file: its leading lines that start with "#", with "# " (or "#")
// removed, joined by "\n". Empty when the file has no header.
std::string PatchDescription(std::string_view patch_text);

// The files a unified diff modifies, as paths relative to the tree (the "+++ b/path" lines with
// their first component stripped, as `patch -p1` does), in order of appearance. "/dev/null"
// targets are skipped.
std::vector<std::string> PatchedFiles(std::string_view patch_text);

}  // namespace vdsoconf::riscv::mutants
