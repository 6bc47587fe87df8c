// `vdsoconf run` against a real kernel under QEMU, with /init programs that make the kernel
// panic, never reach /init, hang, or report a hung probe. Every failure of the target must end
// with exit code 2 and a message that says what happened; a hung probe is a reported hang
// (exit 1), not an infrastructure failure.
//
// The kernel comes from $VDSOCONF_TEST_KERNEL: a kernel spec (debian:latest) or an Image path.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/targets/riscv/initramfs.h"
#include "vdsoconf/targets/riscv/riscv64_target.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf {
namespace {

using std::chrono::milliseconds;

std::string TestKernelSpec() {
  const char* env = std::getenv("VDSOCONF_TEST_KERNEL");
  if (env == nullptr || *env == '\0') return "";
  std::string value = env;
  return std::filesystem::is_regular_file(value) ? "path:" + value : value;
}

#define REQUIRE_TEST_KERNEL()                                                             \
  const std::string kernel = TestKernelSpec();                                            \
  ASSERT_FALSE(kernel.empty()) << "set VDSOCONF_TEST_KERNEL to a riscv64 kernel spec or " \
                                  "Image path (e.g. the Debian vmlinuz) to run live tests"

std::string Init(const char* name) {
  return std::string(VDSOCONF_TEST_INIT_DIR) + "/" + name;
}

std::filesystem::path FreshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("vdsoconf-live-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

struct CliRun {
  SubprocessResult result;
  std::filesystem::path out;
  std::string Explain() const {
    return "exit " + std::to_string(result.exit_code) + " (" + result.Describe() + "), output:\n" +
           result.output;
  }
  reports::ResultsDocument Results() const { return reports::ReadResults(out / "results.json"); }
};

CliRun RunVdsoconf(const std::string& name, std::vector<std::string> args) {
  CliRun run;
  run.out = FreshDir(name);
  std::vector<std::string> argv{VDSOCONF_BINARY, "run", "--out", run.out.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions options;
  options.timeout = std::chrono::minutes(4);
  run.result = RunSubprocess(argv, options);
  return run;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LiveBoot, TrivialInitCompletesAndPrintsTheBaseline) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf("trivial", {"--kernel", kernel, "--trivial-init"});
  ASSERT_EQ(run.result.exit_code, 0) << run.Explain();
  auto results = run.Results();
  ASSERT_EQ(results.kernels.size(), 1u);
  EXPECT_EQ(results.kernels[0].boot.status, "completed") << run.Explain();
  EXPECT_GT(results.kernels[0].boot.wall_ms, 0) << run.Explain();
  std::cout << "baseline boot (trivial /init) wall: " << results.kernels[0].boot.wall_ms << " ms\n";
}

// results.json records the command line as it was typed (argv, quoted where a shell needs it),
// not one rebuilt from the parsed flags with their defaults.
TEST(LiveBoot, ResultsRecordTheCommandLineVerbatim) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf("verbatim", {"--kernel", kernel, "--trivial-init", "--append", "a b"});
  ASSERT_EQ(run.result.exit_code, 0) << run.Explain();
  EXPECT_EQ(run.Results().command, "vdsoconf run --out " + run.out.string() + " --kernel " +
                                       kernel + " --trivial-init --append 'a b'");
}

TEST(LiveBoot, FramedInitReportsAProbeHangAsAHangNotAnInfrastructureFailure) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf("framed", {"--kernel", kernel, "--init", Init("framed")});
  ASSERT_EQ(run.result.exit_code, 1) << run.Explain();
  auto results = run.Results();
  ASSERT_EQ(results.kernels.size(), 1u);
  const auto& k = results.kernels[0];
  EXPECT_EQ(k.infra_error, "") << run.Explain();
  ASSERT_EQ(k.checks.size(), 2u) << run.Explain();
  EXPECT_EQ(k.checks[0].id, "agent.steady");
  EXPECT_EQ(k.checks[0].status, reports::CheckStatus::kPass);
  EXPECT_EQ(k.checks[1].id, "agent.stuck");
  EXPECT_EQ(k.checks[1].status, reports::CheckStatus::kHang) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "probe steady start")) << "no live progress shown";
}

TEST(LiveBoot, SysrqCrashIsAPanicWithExitTwo) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf("sysrq", {"--kernel", kernel, "--init", Init("sysrq_crash")});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "kernel panic: sysrq triggered crash")) << run.Explain();
  auto k = run.Results().kernels.at(0);
  EXPECT_EQ(k.boot.status, "panic");
  EXPECT_TRUE(Contains(k.boot.console_excerpt, "sysrq_handle_crash")) << k.boot.console_excerpt;
  EXPECT_TRUE(std::filesystem::exists(run.out / k.boot.console_log)) << k.boot.console_log;
}

TEST(LiveBoot, InitThatExitsIsAPanicWithExitTwo) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf("exit", {"--kernel", kernel, "--init", Init("exit")});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "Attempted to kill init")) << run.Explain();
}

TEST(LiveBoot, MissingRootFsIsNoInitWithExitTwo) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf(
      "rdinit", {"--kernel", kernel, "--trivial-init", "--append", "rdinit=/nonexistent"});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "no init: VFS: Unable to mount root fs"))
      << run.Explain();
  EXPECT_EQ(run.Results().kernels.at(0).boot.status, "no-init");
}

TEST(LiveBoot, KernelThatNeverReachesInitIsABootTimeoutWithExitTwo) {
  REQUIRE_TEST_KERNEL();
  // The kernel waits forever for a root disk the machine does not have.
  CliRun run = RunVdsoconf("rootwait",
                           {"--kernel", kernel, "--trivial-init", "--append",
                            "rdinit=/nonexistent root=/dev/vda rootwait", "--boot-timeout", "12"});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "boot timeout: /init never reached within 12.0 s"))
      << run.Explain();
  auto k = run.Results().kernels.at(0);
  EXPECT_EQ(k.boot.status, "boot-timeout");
  EXPECT_LT(k.boot.wall_ms, 12000 + 5000) << "the boot deadline was not enforced";
  // Booted twice (a boot that never reaches /init gets one more attempt), the first on record.
  EXPECT_TRUE(Contains(run.result.output, "boot attempt 1 never reached /init")) << run.Explain();
  EXPECT_TRUE(Contains(k.boot.message, "this is attempt 2")) << k.boot.message;
  ASSERT_TRUE(k.metadata.contains("boot")) << k.metadata.dump();
  const auto& earlier = k.metadata["boot"].value("earlier_attempts", nlohmann::json::array());
  ASSERT_EQ(earlier.size(), 1u) << k.metadata.dump();
  EXPECT_EQ(earlier[0].value("status", ""), "boot-timeout") << earlier.dump();
}

TEST(LiveBoot, HangingInitIsARunTimeoutWithExitTwo) {
  REQUIRE_TEST_KERNEL();
  // The whole boot gets 40 s: /init must be reached well inside it, even on a loaded host (a
  // 15 s limit once ended a boot before /init, under a parallel build, so the hang was never seen).
  CliRun run = RunVdsoconf("hang", {"--kernel", kernel, "--init", Init("hang"), "--timeout", "40"});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, "run timeout")) << run.Explain();
  auto k = run.Results().kernels.at(0);
  EXPECT_EQ(k.boot.status, "run-timeout");
  EXPECT_TRUE(Contains(k.boot.console_excerpt, "hanging forever")) << k.boot.console_excerpt;
}

TEST(LiveBoot, NonExecutableInitIsNoInit) {
  REQUIRE_TEST_KERNEL();
  targets::Target& target = targets::DefaultTarget();
  targets::BootRequest request;
  request.kernel = target.Provision(kernel);
  auto dir = FreshDir("noexec");
  std::filesystem::create_directories(dir);
  request.initramfs = dir / "noexec.cpio.gz";
  targets::riscv::WriteInitramfs(targets::riscv::TrivialInit(), request.initramfs, 0644);
  request.console_log = dir / "console.log";
  auto outcome = target.Boot(request);
  EXPECT_EQ(outcome.status, targets::BootStatus::kNoInit) << outcome.message << "\n"
                                                          << outcome.console_excerpt;
  EXPECT_TRUE(Contains(outcome.title, "No working init found")) << outcome.title;
  EXPECT_TRUE(Contains(outcome.console_excerpt, "Failed to execute /init (error -13)"))
      << outcome.console_excerpt;
}

TEST(LiveBoot, AgentSelftestHangIsReportedAsAProbeHang) {
  REQUIRE_TEST_KERNEL();
  CliRun run = RunVdsoconf(
      "selftest-hang", {"--kernel", kernel, "--suite", "selftest.hang", "--probe-timeout", "3"});
  ASSERT_EQ(run.result.exit_code, 1) << run.Explain();
  auto k = run.Results().kernels.at(0);
  EXPECT_EQ(k.infra_error, "") << run.Explain();
  // The architecture's checks of probes that did not run are there too (as errors); the probe's
  // own check must be a hang.
  auto hang = std::find_if(k.checks.begin(), k.checks.end(),
                           [](const auto& c) { return c.id == "agent.selftest.hang"; });
  ASSERT_NE(hang, k.checks.end()) << run.Explain();
  EXPECT_EQ(hang->status, reports::CheckStatus::kHang) << run.Explain();
}

TEST(LiveBoot, FileThatIsNotAKernelExitsTwoNamingIt) {
  auto dir = FreshDir("notkernel");
  std::filesystem::create_directories(dir);
  auto file = dir / "config.txt";
  std::ofstream(file) << "CONFIG_64BIT=y\n";
  CliRun run = RunVdsoconf("notkernel-run", {"--kernel", "path:" + file.string()});
  ASSERT_EQ(run.result.exit_code, 2) << run.Explain();
  EXPECT_TRUE(Contains(run.result.output, file.string() + " is not a RISC-V kernel"))
      << run.Explain();
}

// Ctrl-C on `vdsoconf run` must take QEMU down with it, although QEMU is in its own process
// group (which the terminal's SIGINT does not reach).
TEST(LiveBoot, InterruptKillsQemu) {
  REQUIRE_TEST_KERNEL();
  auto out = FreshDir("interrupt");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(VDSOCONF_BINARY, VDSOCONF_BINARY, "run", "--kernel", kernel.c_str(), "--init",
          Init("hang").c_str(), "--out", out.c_str(), "--timeout", "120", nullptr);
    _exit(127);
  }
  // Wait until the guest is in its hanging /init, i.e. QEMU certainly runs.
  std::filesystem::path console, pidfile;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  bool hanging = false;
  while (!hanging && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(200));
    if (!std::filesystem::exists(out)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
      std::string name = entry.path().filename().string();
      if (name.size() > 12 && name.ends_with(".console.log")) console = entry.path();
    }
    if (console.empty()) continue;
    std::ifstream in(console);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hanging = Contains(text, "hanging forever");
  }
  ASSERT_TRUE(hanging) << "the guest never reached the hanging /init";
  pidfile = console;
  pidfile += ".qemu.pid";
  pid_t qemu = 0;
  std::ifstream(pidfile) >> qemu;
  ASSERT_GT(qemu, 0) << "no QEMU pid in " << pidfile;
  ASSERT_EQ(kill(qemu, 0), 0) << "QEMU not running before the interrupt";
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  // vdsoconf finishes itself: partial results, then exit 128+SIGINT (suites/cli/interrupt_test).
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT) << "status " << status;
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    gone = kill(qemu, 0) != 0;
  }
  EXPECT_TRUE(gone) << "QEMU " << qemu << " survived the interrupt";
  if (!gone) kill(qemu, SIGKILL);
}

}  // namespace
}  // namespace vdsoconf
