// The matrix scheduler runs every job once, never more than --jobs at a time.
#include "vdsoconf/runner/matrix.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "vdsoconf/runner/run_session.h"

namespace vdsoconf::runner {
namespace {

TEST(RunMatrix, RunsEveryJobOnceWithBoundedConcurrency) {
  for (int jobs : {1, 2, 3}) {
    std::vector<std::atomic<int>> runs(7);
    std::atomic<int> active{0}, peak{0};
    RunMatrix(runs.size(), jobs, [&](std::size_t i) {
      int now = ++active;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ++runs[i];
      --active;
    });
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], 1) << "job " << i;
    EXPECT_LE(peak.load(), jobs) << "jobs=" << jobs;
    EXPECT_EQ(peak.load(), jobs) << "jobs=" << jobs << ": parallelism not used";
  }
}

TEST(ConsoleLogName, SanitisesSpecsAndPrefixesRepeats) {
  EXPECT_EQ(ConsoleLogName("debian:latest", 0, false), "debian_latest.console.log");
  EXPECT_EQ(ConsoleLogName("source:6.12", 2, true), "3-source_6.12.console.log");
  EXPECT_EQ(ConsoleLogName("path:/a b/Image", 0, false), "path__a_b_Image.console.log");
}

}  // namespace
}  // namespace vdsoconf::runner
