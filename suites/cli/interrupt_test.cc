// Ctrl-C (SIGINT) and SIGTERM during `vdsoconf run` on a real kernel: QEMU is stopped, the
// results so far are written and marked incomplete, the boot's temporary files are removed, one
// line says where the results are, and the exit code is 128+signal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The pids of QEMU system emulators (any architecture's) whose command line mentions `dir`.
std::vector<pid_t> QemuProcessesUsing(const fs::path& dir) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadFile(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find("qemu-system-") != std::string::npos &&
        cmdline.find(dir.string()) != std::string::npos) {
      found.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return found;
}

struct Interrupted {
  int status = 0;
  std::string stderr_text;
  fs::path out;
};

// Starts `vdsoconf run --kernel debian:latest --out OUT --report md`, waits for its "booting"
// progress line, freezes QEMU mid-boot, then sends `signal_number`.
Interrupted RunAndInterrupt(const std::string& name, int signal_number) {
  Interrupted run;
  run.out = fs::temp_directory_path() / ("vdsoconf-cli-interrupt-" + name);
  fs::remove_all(run.out);
  const fs::path log = run.out.string() + ".stderr";
  pid_t pid = fork();
  if (pid == 0) {
    int file = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(file, 2);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    execl(VDSOCONF_PROGRAM, VDSOCONF_PROGRAM, "run", "--kernel", "debian:latest", "--out",
          run.out.c_str(), "--report", "md", nullptr);
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool booting = false;
  while (!booting && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(100));
    booting = ReadFile(log).find("] booting ") != std::string::npos;
    if (waitpid(pid, &run.status, WNOHANG) == pid) {
      run.stderr_text = ReadFile(log);
      ADD_FAILURE() << "vdsoconf ended before booting:\n" << run.stderr_text;
      return run;
    }
  }
  EXPECT_TRUE(booting) << "no booting line in:\n" << ReadFile(log);
  // The signal must arrive while the boot is still going on, however fast the host: a guest
  // that finished first made the kernel's record complete (CI once saw that, 3 s after
  // "booting"). So QEMU is frozen with SIGSTOP once its pid file exists and vdsoconf's watchdog
  // (50 ms tick) has had time to register its process group; vdsoconf stops it with SIGKILL,
  // which a stopped process obeys.
  auto pid_file_written = [&] {
    if (!fs::exists(run.out)) return false;
    for (const auto& entry : fs::directory_iterator(run.out)) {
      if (entry.path().string().ends_with(".qemu.pid") && !ReadFile(entry.path()).empty()) {
        return true;
      }
    }
    return false;
  };
  while (!pid_file_written() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  std::this_thread::sleep_for(milliseconds(500));
  const std::vector<pid_t> qemu = QemuProcessesUsing(run.out);
  EXPECT_FALSE(qemu.empty()) << "no QEMU process for " << run.out;
  for (pid_t process : qemu) kill(process, SIGSTOP);
  kill(pid, signal_number);
  waitpid(pid, &run.status, 0);
  run.stderr_text = ReadFile(log);
  return run;
}

void ExpectInterruptedRun(const Interrupted& run, int exit_code, const std::string& signal_name) {
  ASSERT_TRUE(WIFEXITED(run.status)) << "status " << run.status << "\n" << run.stderr_text;
  EXPECT_EQ(WEXITSTATUS(run.status), exit_code) << run.stderr_text;
  const fs::path results = run.out / "results.json";
  EXPECT_NE(run.stderr_text.find("vdsoconf: interrupted (" + signal_name +
                                 "): partial results in " + results.string() + "\n"),
            std::string::npos)
      << run.stderr_text;
  ASSERT_TRUE(fs::exists(results)) << run.stderr_text;
  const reports::ResultsDocument document = reports::ReadResults(results.string());
  EXPECT_EQ(document.incomplete_reason, "interrupted by " + signal_name);
  ASSERT_EQ(document.kernels.size(), 1u);
  EXPECT_EQ(document.kernels[0].infra_error, "interrupted by " + signal_name);
  const auto raw = nlohmann::json::parse(ReadFile(results));
  EXPECT_EQ(raw["incomplete"]["reason"], "interrupted by " + signal_name);
  for (const auto& entry : fs::directory_iterator(run.out)) {
    const std::string name = entry.path().filename().string();
    EXPECT_FALSE(name.ends_with(".qemu.pid") || name.ends_with(".documents") ||
                 name.find(".tmp.") != std::string::npos)
        << "left behind: " << name;
  }
  EXPECT_TRUE(QemuProcessesUsing(run.out).empty()) << "QEMU survived the interrupt";
  EXPECT_TRUE(fs::exists(run.out / "report.md"))
      << "the requested report, from the partial results";
}

TEST(Interrupt, SigintDuringABootWritesPartialResultsAndExits130) {
  const Interrupted run = RunAndInterrupt("sigint", SIGINT);
  ExpectInterruptedRun(run, 130, "SIGINT");
}

TEST(Interrupt, SigtermDuringABootExits143) {
  const Interrupted run = RunAndInterrupt("sigterm", SIGTERM);
  ExpectInterruptedRun(run, 143, "SIGTERM");
}

}  // namespace
}  // namespace vdsoconf
