// Target job: the project's own vDSO mutants, small patches to a kernel line's vDSO sources that
// the checks must catch, and their images (`vdsoconf mutants`).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace vdsoconf::targets {

struct MutantListing {
  std::string line;         // kernel line, "7.2"
  std::string name;         // "seq-retry-removed"
  std::string description;  // what it breaks and which check must catch it (several lines)
};

struct MutantImage {
  std::string name;            // the mutant's name, or "baseline"
  std::filesystem::path path;  // the vdso.so in the cache
  std::string sha256;          // of that file
  bool from_cache = false;     // true when this run did not build it
};

struct MutantImages {
  std::string line;                  // "7.2"
  std::string package_version;       // of the kernel line's source package
  MutantImage baseline;              // the unpatched image built the same way: the control
  std::vector<MutantImage> mutants;  // in MutantsFor(line) order
  std::chrono::milliseconds elapsed{0};
};

class MutantCatalog {
 public:
  virtual ~MutantCatalog() = default;
  // The kernel lines that have mutants, ascending.
  virtual std::vector<std::string> Lines() const = 0;
  // The mutants of `line`, sorted by name; empty for a line without mutants.
  virtual std::vector<MutantListing> MutantsFor(const std::string& line) const = 0;
  // Builds (or finds in the cache) the baseline and every mutant image of `line`; `jobs` is
  // make -j (0: every online CPU). Throws InfraError for a line without mutants, a missing tool,
  // a patch that does not apply or no longer changes code, or a failed build. Progress on stderr.
  virtual MutantImages Build(const std::string& line, int jobs) = 0;
};

}  // namespace vdsoconf::targets
