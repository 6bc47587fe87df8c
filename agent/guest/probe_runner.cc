#include "probe_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "guest_io.h"
#include "json_writer.h"

namespace vdsoconf::agent {
namespace {

// First byte the child writes: whether the data is evidence or an error object.
constexpr char kChildOk = 'O';
constexpr char kChildError = 'E';

[[noreturn]] void RunChild(const ProbeInfo& probe, int out_fd) {
  setpgid(0, 0);
  JsonWriter data;
  data.BeginObject();
  ProbeContext context{data, {}};
  const bool ok = probe.run(context);
  data.EndObject();
  if (ok) {
    WriteAll(out_fd, std::string(1, kChildOk) + data.text());
  } else {
    JsonWriter error;
    error.BeginObject();
    error.Field("error", context.error.empty() ? "probe failed without a reason" : context.error);
    error.EndObject();
    WriteAll(out_fd, std::string(1, kChildError) + error.text());
  }
  _exit(0);
}

std::string SignalName(int signal_number) {
  switch (signal_number) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGILL:
      return "SIGILL";
    case SIGFPE:
      return "SIGFPE";
    case SIGABRT:
      return "SIGABRT";
    case SIGKILL:
      return "SIGKILL";
    case SIGTRAP:
      return "SIGTRAP";
    case SIGSYS:
      return "SIGSYS";
    default:
      return "SIG" + std::to_string(signal_number);
  }
}

std::string ErrorObject(const std::string& message) {
  JsonWriter json;
  json.BeginObject();
  json.Field("error", message);
  json.EndObject();
  return json.Take();
}

}  // namespace

namespace {

std::uint64_t SyscallClockNs(clockid_t clock) {
  struct timespec ts {};
  syscall(SYS_clock_gettime, clock, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace

std::uint64_t MonotonicNowNs() {
  return SyscallClockNs(CLOCK_MONOTONIC);
}
std::uint64_t BoottimeNowNs() {
  return SyscallClockNs(CLOCK_BOOTTIME);
}

StartedProbe StartProbe(const ProbeInfo& probe) {
  // Probes start from two threads (probe_lanes.h): a child forked while another thread's pipe
  // still has both ends in the parent would hold that write end, and the other probe's result
  // would never see end of file while this child lives.
  static std::mutex forking;
  std::lock_guard lock(forking);
  StartedProbe started;
  started.start_ns = MonotonicNowNs();
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    started.failure = ErrorObject(std::string("pipe2: ") + std::strerror(errno));
    return started;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    started.failure = ErrorObject(std::string("fork: ") + std::strerror(errno));
    return started;
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(probe, fds[1]);
  }
  // Both sides set the group so that kill(-pid) works whichever runs first.
  setpgid(pid, pid);
  close(fds[1]);
  started.pid = pid;
  started.output_fd = fds[0];
  return started;
}

ProbeOutcome RunProbeIsolated(const ProbeInfo& probe, std::uint64_t timeout_ms) {
  StartedProbe started = StartProbe(probe);
  return FinishProbe(started, timeout_ms);
}

ProbeOutcome StopBackgroundProbe(StartedProbe& started, std::uint64_t timeout_ms) {
  if (started.pid > 0) kill(started.pid, StopBackgroundSignal());
  return FinishProbe(started, timeout_ms);
}

ProbeOutcome FinishProbe(StartedProbe& started, std::uint64_t timeout_ms) {
  if (timeout_ms == 0) timeout_ms = 1;
  ProbeOutcome outcome;
  if (started.pid <= 0) {
    outcome.status = "error";
    outcome.data_json = started.failure;
    return outcome;
  }
  const pid_t pid = started.pid;
  const int fds[1] = {started.output_fd};
  const std::uint64_t start = started.start_ns;
  const std::uint64_t deadline = MonotonicNowNs() + timeout_ms * 1000000u;
  std::string output;
  bool timed_out = false;
  for (;;) {
    const std::uint64_t now = MonotonicNowNs();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    struct pollfd pfd {
      fds[0], POLLIN, 0
    };
    const auto wait_ms = static_cast<int>((deadline - now + 999999u) / 1000000u);
    const int ready = poll(&pfd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // timeout: the loop head notices the deadline
    char buffer[65536];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child closed its end (exited or died)
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  started.pid = -1;
  started.output_fd = -1;
  if (timed_out) kill(-pid, SIGKILL), kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.elapsed_ms = (MonotonicNowNs() - start) / 1000000u;

  if (timed_out) {
    JsonWriter json;
    json.BeginObject();
    json.Field("timeout_ms", timeout_ms);
    json.Field("partial_output_bytes", static_cast<std::uint64_t>(output.size()));
    json.EndObject();
    outcome.status = "hang";
    outcome.data_json = json.Take();
  } else if (WIFSIGNALED(status)) {
    JsonWriter json;
    json.BeginObject();
    json.Field("signal", static_cast<std::int64_t>(WTERMSIG(status)));
    json.Field("signal_name", SignalName(WTERMSIG(status)));
    json.Field("partial_output_bytes", static_cast<std::uint64_t>(output.size()));
    json.EndObject();
    outcome.status = "crash";
    outcome.data_json = json.Take();
  } else if (output.empty() || (output[0] != kChildOk && output[0] != kChildError)) {
    outcome.status = "error";
    outcome.data_json = ErrorObject("probe child exited with status " +
                                    std::to_string(WEXITSTATUS(status)) + " without a result");
  } else {
    outcome.status = output[0] == kChildOk ? "ok" : "error";
    outcome.data_json = output.substr(1);
  }
  return outcome;
}

}  // namespace vdsoconf::agent
