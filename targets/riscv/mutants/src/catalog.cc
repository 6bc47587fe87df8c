#include "vdsoconf/riscv/mutants/catalog.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include "embedded_patches.h"

namespace vdsoconf::riscv::mutants {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace

std::vector<std::string> MutantLines() {
  std::set<std::string> lines;
  for (std::size_t i = 0; i < internal::kEmbeddedPatchCount; ++i) {
    lines.insert(internal::kEmbeddedPatches[i].line);
  }
  // Numeric order, so that a "6.9" would come before "6.12" (as strings it would not).
  std::vector<std::string> sorted(lines.begin(), lines.end());
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    std::istringstream ia(a), ib(b);
    int a_major = 0, a_minor = 0, b_major = 0, b_minor = 0;
    char dot = 0;
    ia >> a_major >> dot >> a_minor;
    ib >> b_major >> dot >> b_minor;
    return std::tie(a_major, a_minor) < std::tie(b_major, b_minor);
  });
  return sorted;
}

std::vector<Mutant> MutantsFor(std::string_view line) {
  std::vector<Mutant> mutants;
  for (std::size_t i = 0; i < internal::kEmbeddedPatchCount; ++i) {
    const internal::EmbeddedPatch& patch = internal::kEmbeddedPatches[i];
    if (line != patch.line) continue;
    mutants.push_back({.line = patch.line,
                       .name = patch.name,
                       .description = PatchDescription(patch.text),
                       .patch = patch.text});
  }
  std::sort(mutants.begin(), mutants.end(),
            [](const Mutant& a, const Mutant& b) { return a.name < b.name; });
  return mutants;
}

std::string PatchDescription(std::string_view patch_text) {
  std::string description;
  for (std::string_view line : Lines(patch_text)) {
    if (!line.starts_with('#')) break;
    line.remove_prefix(line.starts_with("# ") ? 2 : 1);
    if (!description.empty()) description += '\n';
    description += line;
  }
  return description;
}

std::vector<std::string> PatchedFiles(std::string_view patch_text) {
  std::vector<std::string> files;
  for (std::string_view line : Lines(patch_text)) {
    if (!line.starts_with("+++ ")) continue;
    line.remove_prefix(4);
    // diff -u may follow the name with a tab and a timestamp.
    line = line.substr(0, line.find('\t'));
    if (line == "/dev/null") continue;
    const auto slash = line.find('/');
    if (slash == std::string_view::npos) continue;  // -p1 strips the whole name: nothing to add
    files.emplace_back(line.substr(slash + 1));
  }
  return files;
}

}  // namespace vdsoconf::riscv::mutants
