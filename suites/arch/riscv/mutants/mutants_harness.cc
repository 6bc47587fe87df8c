#include "mutants_harness.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::riscv::mutants::testing {

BuildRun RunMutantsBuild(const std::string& line, const std::filesystem::path& out) {
  const SubprocessResult result = RunSubprocess(
      {VDSOCONF_BINARY, "mutants", "build", "--kernel-line", line, "--out", out.string()},
      {.timeout = std::chrono::minutes(20)});
  BuildRun run{.exit_code = result.ok() ? 0 : (result.exited ? result.exit_code : -1)};
  // stdout and stderr arrive interleaved; result lines are the ones with two tabs.
  std::istringstream lines(result.output);
  std::string text;
  while (std::getline(lines, text)) {
    if (std::count(text.begin(), text.end(), '\t') != 2) {
      run.standard_error += text + "\n";
      continue;
    }
    const auto first = text.find('\t');
    const auto second = text.find('\t', first + 1);
    run.images.push_back({text.substr(0, first), text.substr(first + 1, second - first - 1),
                          text.substr(second + 1)});
  }
  return run;
}

std::filesystem::path FixtureSourceTree(const std::string& line) {
  std::string variable = "VDSOCONF_LINUX_SOURCE_" + line;
  std::replace(variable.begin(), variable.end(), '.', '_');
  const char* value = std::getenv(variable.c_str());
  return value == nullptr ? std::filesystem::path() : std::filesystem::path(value);
}

std::filesystem::path TestDirectory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "-" + info->name();
  std::replace(name.begin(), name.end(), '/', '_');
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vdsoconf-" + name + "-" + std::to_string(::getpid()));
  RemoveTree(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace vdsoconf::riscv::mutants::testing
