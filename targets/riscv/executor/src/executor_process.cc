#include "executor_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vdsoconf::riscv {
namespace {

constexpr std::size_t kStderrTail = 4096;
constexpr int kPipeBytes = 1 << 20;

void MakePipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) throw ChildFailure(std::string("pipe2: ") + std::strerror(errno));
}

}  // namespace

ExecutorProcess::ExecutorProcess(const std::vector<std::string>& argv) {
  // A write to a dead executor must be an error we handle, not a SIGPIPE that ends vdsoconf.
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
  int in[2], out[2], err[2];
  MakePipe(in);
  MakePipe(out);
  MakePipe(err);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw ChildFailure(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    setpgid(0, 0);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    execvp(args[0], args.data());
    const char message[] = "exec failed\n";
    (void)!write(2, message, sizeof message - 1);
    _exit(127);
  }
  setpgid(pid_, pid_);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  stdin_ = in[1];
  stdout_ = out[0];
  stderr_ = err[0];
  for (int fd : {stdin_, stdout_, stderr_}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  // Batches are hundreds of KiB: larger pipes mean fewer hand-offs between the two processes.
  // Best effort (capped by /proc/sys/fs/pipe-max-size).
  for (int fd : {stdin_, stdout_}) fcntl(fd, F_SETPIPE_SZ, kPipeBytes);
  const int capacity = fcntl(stdin_, F_GETPIPE_SZ);
  input_capacity_ = capacity > 0 ? static_cast<std::size_t>(capacity) : 0;
}

ExecutorProcess::~ExecutorProcess() {
  for (int fd : {stdin_, stdout_, stderr_}) {
    if (fd >= 0) close(fd);
  }
  if (pid_ > 0) {
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void ExecutorProcess::Fail(const std::string& what) {
  throw ChildFailure(what + (stderr_tail_.empty() ? "" : "; executor stderr: " + stderr_tail_));
}

void ExecutorProcess::DrainStderr() {
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(stderr_, buffer, sizeof buffer);
    if (n <= 0) return;
    stderr_tail_.append(buffer, static_cast<std::size_t>(n));
    if (stderr_tail_.size() > kStderrTail) stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
  }
}

void ExecutorProcess::Wait(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) Fail("executor did not answer in time");
    pollfd fds[2] = {{fd, events, 0}, {stderr_, POLLIN, 0}};
    const int n = poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(std::string("poll: ") + std::strerror(errno));
    if (fds[1].revents & POLLIN) DrainStderr();
    if (fds[0].revents & (events | POLLHUP | POLLERR)) return;
  }
}

void ExecutorProcess::Write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    Wait(stdin_, POLLOUT, deadline);
    const ssize_t n = write(stdin_, bytes.data(), bytes.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {
      DrainStderr();
      Fail("executor closed its input (it died)");
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

std::vector<std::uint8_t> ExecutorProcess::Read(std::size_t size, Clock::time_point deadline) {
  std::vector<std::uint8_t> result(size);
  std::size_t have = 0;
  while (have < size) {
    Wait(stdout_, POLLIN, deadline);
    const ssize_t n = read(stdout_, result.data() + have, size - have);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {
      DrainStderr();
      int status = 0;
      std::string how = "executor exited";
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        how = WIFSIGNALED(status) ? "executor killed by signal " + std::to_string(WTERMSIG(status))
                                  : "executor exited with " + std::to_string(WEXITSTATUS(status));
        pid_ = -1;
      }
      Fail(how);
    }
    have += static_cast<std::size_t>(n);
  }
  return result;
}

}  // namespace vdsoconf::riscv
