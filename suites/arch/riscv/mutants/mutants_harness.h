// Helpers for the suites that need real mutant images: run `vdsoconf mutants build` (the
// binary under test, VDSOCONF_BINARY) and find the fixture's linux-source trees.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vdsoconf::riscv::mutants::testing {

struct ListedImage {
  std::string name;  // "baseline" or the mutant's name
  std::filesystem::path path;
  std::string sha256;
};

struct BuildRun {
  std::vector<ListedImage> images;  // baseline first, as printed
  std::string standard_error;
  int exit_code = -1;
};

// Runs `vdsoconf mutants build --kernel-line LINE --out OUT` (20-minute deadline) and parses its
// NAME<TAB>PATH<TAB>SHA256 lines. The caller asserts on exit_code.
BuildRun RunMutantsBuild(const std::string& line, const std::filesystem::path& out);

// The linux-source tree of `line` from the linux_sources fixture (VDSOCONF_LINUX_SOURCE_7_2 ...),
// or empty when the variable is unset.
std::filesystem::path FixtureSourceTree(const std::string& line);

// A fresh directory under the temp directory, named for the current test.
std::filesystem::path TestDirectory();

}  // namespace vdsoconf::riscv::mutants::testing
