#include "mremap_forked_steps.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "json_writer.h"
#include "probe_runner.h"

namespace vdsoconf::agent {
namespace {

std::uint64_t NowMs() {
  return MonotonicNowNs() / 1000000;  // the syscall: the child may have broken the vDSO
}

// Splits the child's output into complete lines; a trailing partial line is dropped.
std::vector<std::string> CompleteLines(const std::string& output) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end = output.find('\n'); end != std::string::npos;
       end = output.find('\n', start)) {
    if (end > start) lines.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

void EmitStep(int report_fd, const std::string& json) {
  char buffer[PIPE_BUF];
  const std::size_t length = json.size() < PIPE_BUF - 1 ? json.size() : PIPE_BUF - 1;
  std::memcpy(buffer, json.data(), length);
  buffer[length] = '\n';
  while (write(report_fd, buffer, length + 1) < 0 && errno == EINTR) {
  }
}

ForkedSteps RunForkedSteps(void (*body)(int report_fd, void* argument), void* argument,
                           std::uint64_t timeout_ms) {
  ForkedSteps steps;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    steps.error = std::string("pipe2: ") + std::strerror(errno);
    return steps;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    steps.error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return steps;
  }
  if (pid == 0) {
    setpgid(0, 0);  // so a timeout kills the grandchildren too
    close(fds[0]);
    body(fds[1], argument);
    _exit(0);
  }
  steps.started = true;
  setpgid(pid, pid);
  close(fds[1]);
  std::string output;
  const std::uint64_t deadline = NowMs() + timeout_ms;
  for (;;) {
    const std::uint64_t now = NowMs();
    if (now >= deadline) {
      steps.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      break;
    }
    struct pollfd poll_fd = {fds[0], POLLIN, 0};
    const int ready = poll(&poll_fd, 1, static_cast<int>(deadline - now));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above decides
    char buffer[4096];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // every writer closed the pipe
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) steps.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) steps.signal = WTERMSIG(status);
  steps.lines = CompleteLines(output);
  return steps;
}

void WriteForkedSteps(JsonWriter& json, const ForkedSteps& steps) {
  json.Key("steps");
  json.BeginArray();
  for (const std::string& line : steps.lines) json.Raw(line);
  json.EndArray();
  json.Key("termination");
  json.BeginObject();
  json.Key("exit_code");
  if (steps.exit_code >= 0) {
    json.Int(steps.exit_code);
  } else {
    json.Null();
  }
  json.Field("signal", static_cast<std::int32_t>(steps.signal));
  json.Field("timed_out", steps.timed_out);
  json.EndObject();
}

}  // namespace vdsoconf::agent
