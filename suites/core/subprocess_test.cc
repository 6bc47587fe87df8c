#include "vdsoconf/core/subprocess.h"

#include <gtest/gtest.h>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf {
namespace {

using namespace std::chrono_literals;

TEST(Subprocess, CapturesOutputAndExitCode) {
  auto result = RunSubprocess({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.output.find("out"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("err"), std::string::npos) << result.output;
  EXPECT_FALSE(result.ok());
}

TEST(Subprocess, DeadlineKillsTheWholeProcessGroup) {
  // The grandchild holds stdout open: the deadline must still end the run.
  auto result = RunSubprocess({"sh", "-c", "sleep 30 & sleep 30"}, {.timeout = 300ms});
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.elapsed, 5s);
  EXPECT_EQ(result.Describe().rfind("timed out", 0), 0u) << result.Describe();
}

TEST(Subprocess, CallbackCanStopTheChild) {
  SubprocessOptions options;
  options.timeout = 10s;
  options.on_output = [](std::string_view chunk) {
    return chunk.find("marker") == std::string_view::npos;
  };
  auto result = RunSubprocess({"sh", "-c", "echo marker; sleep 30"}, options);
  EXPECT_TRUE(result.stopped);
  EXPECT_LT(result.elapsed, 5s);
}

TEST(Subprocess, PassesStdinAndEnvironment) {
  SubprocessOptions options;
  options.standard_input = "hello";
  options.environment["VDSOCONF_TEST_VALUE"] = "42";
  auto result = RunSubprocess({"sh", "-c", "cat; echo \" $VDSOCONF_TEST_VALUE\""}, options);
  EXPECT_TRUE(result.ok()) << result.Describe();
  EXPECT_EQ(result.output, "hello 42\n");
}

TEST(Subprocess, MissingProgramIsAnInfraError) {
  EXPECT_THROW(RunSubprocess({"vdsoconf-no-such-program"}), InfraError);
  EXPECT_FALSE(ProgramExists("vdsoconf-no-such-program"));
  EXPECT_TRUE(ProgramExists("sh"));
}

TEST(Subprocess, RunCheckedNamesTheCommandOnFailure) {
  try {
    RunChecked({"sh", "-c", "echo boom; exit 1"});
    FAIL() << "expected InfraError";
  } catch (const InfraError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("sh -c"), std::string::npos) << message;
    EXPECT_NE(message.find("exit 1"), std::string::npos) << message;
    EXPECT_NE(message.find("boom"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace vdsoconf
