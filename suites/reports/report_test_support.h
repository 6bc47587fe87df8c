// Shared helpers of the report tests: the golden input, files, scratch directories, and running
// external validators (xmllint, python3-jsonschema, kunit's parser, chromium) with a deadline.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/reports/layout_table.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports::testing {

inline std::string GoldenDir() {
  return VDSOCONF_REPORTS_GOLDEN_DIR;
}
inline std::string SchemaDir() {
  return VDSOCONF_REPORTS_SCHEMA_DIR;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The hand-written 4-kernel results: clean 7.2, 6.12 with a failure, a hang and an error, 6.1
// with skips and a known issue, a user kernel that panicked (with HTML in its strings).
inline ResultsDocument GoldenResults() {
  return ReadResults(GoldenDir() + "/results.json");
}

// A fresh directory under /tmp, removed by the caller if it cares (tests leave them for
// inspection on failure).
inline std::string ScratchDir(const std::string& name) {
  std::string pattern = "/tmp/vdsoconf-reports-" + name + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return "/tmp";
  return buffer.data();
}

inline SubprocessResult RunTool(const std::vector<std::string>& argv, int timeout_s = 60) {
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(timeout_s);
  return RunSubprocess(argv, options);
}

// Two small, fixed layout tables (so the golden HTML does not change when the reference model's
// tables do): the clock's seq moves, a field exists only in the newer generation.
inline std::vector<LayoutTable> FixedLayouts() {
  LayoutTable older{"6.12", "6.12", 2, {}};
  older.rows = {{"clock[0].seq", "vdso_data[0].seq", 0, 0, 4, "u32"},
                {"clock[0].clock_mode", "vdso_data[0].clock_mode", 0, 4, 4, "s32"},
                {"clock[0].cycle_last", "vdso_data[0].cycle_last", 0, 8, 8, "u64"}};
  LayoutTable newer{"7.2", "7.2", 4, {}};
  newer.rows = {{"clock[0].seq", "vdso_time_data.clock_data[0].seq", 0, 0, 4, "u32"},
                {"clock[0].clock_mode", "vdso_time_data.clock_data[0].clock_mode", 0, 4, 4, "s32"},
                {"clock[0].cycle_last", "vdso_time_data.clock_data[0].cycle_last", 0, 8, 8, "u64"},
                {"rng.generation", "vdso_rng_data.generation", 2, 0, 8, "u64"}};
  newer.rows[2].offset = 16;  // pretend a field moved, so one row differs by offset
  return {older, newer};
}

}  // namespace vdsoconf::reports::testing
