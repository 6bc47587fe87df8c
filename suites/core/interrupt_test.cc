// An interrupt (core/interrupt.h) stops a running subprocess within a poll interval and keeps
// new ones from starting: what lets `vdsoconf run` finish its waits and write partial results.
#include "vdsoconf/core/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "vdsoconf/core/subprocess.h"

namespace vdsoconf {
namespace {

using std::chrono::milliseconds;

class InterruptTest : public ::testing::Test {
 protected:
  void TearDown() override { ClearInterrupt(); }
};

TEST_F(InterruptTest, StopsARunningChildPromptly) {
  std::thread interrupter([] {
    std::this_thread::sleep_for(milliseconds(200));
    RequestInterrupt(SIGINT);
  });
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(60);
  const SubprocessResult result = RunSubprocess({"sleep", "30"}, options);
  interrupter.join();
  EXPECT_TRUE(result.interrupted) << result.Describe();
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.Describe(), "interrupted");
  EXPECT_LT(result.elapsed, milliseconds(3000)) << "a poll interval plus the kill grace at most";
}

TEST_F(InterruptTest, StartsNothingOnceInterrupted) {
  RequestInterrupt(SIGTERM);
  const auto start = std::chrono::steady_clock::now();
  const SubprocessResult result = RunSubprocess({"sleep", "30"});
  EXPECT_TRUE(result.interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
}

TEST_F(InterruptTest, KeepsTheFirstSignalAndNamesIt) {
  EXPECT_FALSE(Interrupted());
  RequestInterrupt(SIGTERM);
  RequestInterrupt(SIGINT);
  EXPECT_EQ(InterruptSignal(), SIGTERM);
  EXPECT_STREQ(InterruptSignalName(SIGINT), "SIGINT");
  EXPECT_STREQ(InterruptSignalName(SIGTERM), "SIGTERM");
}

}  // namespace
}  // namespace vdsoconf
