#include "vdsoconf/kernels/config_fragment.h"

#include <algorithm>
#include <sstream>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {

std::string ComposeFragment(const KernelArch& arch, std::string_view line,
                            const std::vector<std::string>& variants) {
  const auto& fragments = *arch.fragments;
  std::string composed;
  auto add = [&](const std::string& name) {
    auto found = fragments.find(name);
    if (found == fragments.end()) return;
    composed += "# --- " + name + " ---\n" + found->second;
    if (!composed.ends_with('\n')) composed += '\n';
  };
  add("common");
  add(std::string(line));
  for (const auto& variant : variants) add(variant);
  return composed;
}

std::vector<std::pair<std::string, std::string>> ConfigAssignments(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> assignments;
  std::istringstream lines{std::string(text)};
  constexpr std::string_view kNotSet = " is not set";
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("CONFIG_")) {
      auto equals = line.find('=');
      if (equals != std::string::npos) {
        assignments.emplace_back(line.substr(0, equals), line.substr(equals + 1));
      }
    } else if (line.starts_with("# CONFIG_") && line.ends_with(kNotSet)) {
      assignments.emplace_back(line.substr(2, line.size() - 2 - kNotSet.size()), "n");
    }
  }
  return assignments;
}

std::vector<std::string> MissingOptions(std::string_view fragment, std::string_view dot_config) {
  std::map<std::string, std::string> actual;
  for (auto& [name, value] : ConfigAssignments(dot_config)) actual[name] = value;
  // A later part of the fragment (a variant) may override an earlier one: the last value counts,
  // as it does for merge_config.sh.
  std::vector<std::pair<std::string, std::string>> wanted_last;
  for (auto& assignment : ConfigAssignments(fragment)) {
    auto same = std::find_if(wanted_last.begin(), wanted_last.end(),
                             [&](const auto& item) { return item.first == assignment.first; });
    if (same != wanted_last.end()) wanted_last.erase(same);
    wanted_last.push_back(std::move(assignment));
  }
  std::vector<std::string> missing;
  for (const auto& [name, wanted] : wanted_last) {
    auto found = actual.find(name);
    const std::string got = found == actual.end() ? "n" : found->second;
    if (got != wanted) {
      missing.push_back(name + "=" + wanted + " (.config: " + (got == "n" ? "not set" : got) + ")");
    }
  }
  return missing;
}

void VerifyConfig(std::string_view fragment, std::string_view dot_config,
                  const std::string& build_dir, std::string_view fragment_dir) {
  auto missing = MissingOptions(fragment, dot_config);
  if (missing.empty()) return;
  std::string list;
  for (const auto& item : missing) list += "\n  " + item;
  throw InfraError("the kernel config lost " + std::to_string(missing.size()) +
                   " option(s) of the fragment after olddefconfig (a dependency is missing; add "
                   "it to " +
                   std::string(fragment_dir) + "): " + list + "\n(.config in " + build_dir + ")");
}

}  // namespace vdsoconf::kernels
