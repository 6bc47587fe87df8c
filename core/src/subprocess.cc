#include "vdsoconf/core/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"

namespace vdsoconf {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kLogTailBytes = 8192;
constexpr auto kKillGrace = std::chrono::seconds(2);

std::string JoinArgv(const std::vector<std::string>& argv) {
  std::string joined;
  for (const auto& arg : argv) {
    if (!joined.empty()) joined += ' ';
    joined += arg;
  }
  return joined;
}

// Builds the child's environment: the parent's, with `overrides` replacing or adding entries.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (overrides.count(name) == 0) env.push_back(entry);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const SubprocessOptions& options,
                            int stdin_fd, int output_fd) {
  setpgid(0, 0);
  dup2(stdin_fd, STDIN_FILENO);
  dup2(output_fd, STDOUT_FILENO);
  dup2(output_fd, STDERR_FILENO);
  if (options.working_directory && chdir(options.working_directory->c_str()) != 0) _exit(126);
  std::vector<std::string> env = ChildEnvironment(options.environment);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvpe(args[0], args.data(), envp.data());
  _exit(127);
}

void KillGroup(pid_t pid) {
  kill(-pid, SIGTERM);
  auto deadline = Clock::now() + kKillGrace;
  while (Clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      kill(-pid, SIGKILL);  // stragglers in the group
      return;
    }
    usleep(20000);
  }
  kill(-pid, SIGKILL);
}

}  // namespace

std::string SubprocessResult::Describe() const {
  if (interrupted) return "interrupted";
  if (timed_out) return "timed out after " + std::to_string(elapsed.count()) + " ms";
  if (stopped) return "stopped by the caller";
  if (exited) return "exit " + std::to_string(exit_code);
  if (signal != 0) return std::string("killed by signal ") + strsignal(signal);
  return "did not finish";
}

bool ProgramExists(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0;
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

SubprocessResult RunSubprocess(const std::vector<std::string>& argv,
                               const SubprocessOptions& options) {
  if (argv.empty()) throw InfraError("RunSubprocess: empty command line");
  if (!ProgramExists(argv[0])) {
    throw InfraError("cannot run '" + argv[0] + "': not found in PATH (run scripts/setup.sh)");
  }
  if (Interrupted()) {
    SubprocessResult never_started;
    never_started.interrupted = true;
    return never_started;
  }
  int in_pipe[2];
  int out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
    throw InfraError(std::string("pipe: ") + strerror(errno));
  }
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) throw InfraError(std::string("fork: ") + strerror(errno));
  if (pid == 0) ExecChild(argv, options, in_pipe[0], out_pipe[1]);
  setpgid(pid, pid);  // also from the parent, so KillGroup works even before the child runs
  close(in_pipe[0]);
  close(out_pipe[1]);

  // Feed stdin in one go (inputs are small: configs, JSON requests), then close it.
  std::size_t written = 0;
  signal(SIGPIPE, SIG_IGN);
  while (written < options.standard_input.size()) {
    ssize_t n = write(in_pipe[1], options.standard_input.data() + written,
                      options.standard_input.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  close(in_pipe[1]);

  std::ofstream log;
  if (options.log_file) log.open(*options.log_file, std::ios::app | std::ios::binary);

  SubprocessResult result;
  auto deadline = start + options.timeout;
  char buffer[65536];
  bool open = true;
  while (open) {
    auto now = Clock::now();
    if (Interrupted()) {
      result.interrupted = true;
      break;
    }
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    int wait_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    pollfd pfd{out_pipe[0], POLLIN, 0};
    int ready = poll(&pfd, 1, std::min(wait_ms, 1000));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    ssize_t n = read(out_pipe[0], buffer, sizeof buffer);
    if (n <= 0) {
      open = false;
      break;
    }
    std::string_view chunk(buffer, static_cast<std::size_t>(n));
    if (log.is_open()) {
      log.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      log.flush();
      result.output.append(chunk);
      if (result.output.size() > 2 * kLogTailBytes) {
        result.output.erase(0, result.output.size() - kLogTailBytes);
      }
    } else {
      result.output.append(chunk);
    }
    if (options.on_output && !options.on_output(chunk)) {
      result.stopped = true;
      break;
    }
  }
  close(out_pipe[0]);

  int status = 0;
  if (result.timed_out || result.stopped || result.interrupted) {
    KillGroup(pid);
    waitpid(pid, &status, 0);
  } else {
    // Output closed: the child is exiting, but it may still be running with stdout closed, so
    // keep honouring the deadline.
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline || Interrupted()) {
        (Interrupted() ? result.interrupted : result.timed_out) = true;
        KillGroup(pid);
        waitpid(pid, &status, 0);
        break;
      }
      usleep(5000);
    }
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (WIFEXITED(status) && !result.timed_out && !result.stopped && !result.interrupted) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  if (log.is_open() && result.output.size() > kLogTailBytes) {
    result.output.erase(0, result.output.size() - kLogTailBytes);
  }
  return result;
}

SubprocessResult RunChecked(const std::vector<std::string>& argv,
                            const SubprocessOptions& options) {
  SubprocessResult result = RunSubprocess(argv, options);
  if (!result.ok()) {
    std::string tail = result.output.size() > 2000
                           ? result.output.substr(result.output.size() - 2000)
                           : result.output;
    throw InfraError("'" + JoinArgv(argv) + "' failed (" + result.Describe() + ")" +
                     (options.log_file ? " (full log: " + *options.log_file + ")" : "") +
                     ":\n" + tail);
  }
  return result;
}

}  // namespace vdsoconf
