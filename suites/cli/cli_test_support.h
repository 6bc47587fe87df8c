// Running the real `vdsoconf` program for the CLI tests.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::cli::testing {

struct Invocation {
  SubprocessResult result;  // stdout and stderr interleaved in result.output
  std::chrono::milliseconds wall{0};
};

inline Invocation Vdsoconf(const std::vector<std::string>& args, int timeout_s = 60) {
  std::vector<std::string> argv{VDSOCONF_PROGRAM};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(timeout_s);
  const auto start = std::chrono::steady_clock::now();
  Invocation invocation{RunSubprocess(argv, options)};
  invocation.wall = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return invocation;
}

inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace vdsoconf::cli::testing
