// The executor child process: qemu-riscv64 running vdsoconf-riscv-executor, in its own process
// group, with pipes for stdin/stdout/stderr. Every read and write has a deadline; when the child
// dies or a deadline passes, ChildFailure is thrown and the process group is killed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace vdsoconf::riscv {

// The child died, closed a pipe, or missed a deadline. Carries the tail of its stderr.
class ChildFailure : public std::runtime_error {
 public:
  explicit ChildFailure(const std::string& message) : std::runtime_error(message) {}
};

class ExecutorProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts argv[0] (searched in PATH). Throws ChildFailure when it cannot be started.
  explicit ExecutorProcess(const std::vector<std::string>& argv);
  ~ExecutorProcess();  // kills the process group and reaps the child
  ExecutorProcess(const ExecutorProcess&) = delete;
  ExecutorProcess& operator=(const ExecutorProcess&) = delete;

  void Write(std::span<const std::uint8_t> bytes, Clock::time_point deadline);
  std::vector<std::uint8_t> Read(std::size_t size, Clock::time_point deadline);
  std::string StderrTail() const { return stderr_tail_; }
  // Bytes the child's stdin pipe holds: a writer never blocks on a request at most this big
  // once the child has read everything sent before.
  std::size_t input_capacity() const { return input_capacity_; }
  pid_t pid() const { return pid_; }

 private:
  // Waits for `fd` to be ready for `events` while draining stderr; throws at the deadline.
  void Wait(int fd, short events, Clock::time_point deadline);
  void DrainStderr();
  [[noreturn]] void Fail(const std::string& what);

  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  int stderr_ = -1;
  std::string stderr_tail_;
  std::size_t input_capacity_ = 0;
};

}  // namespace vdsoconf::riscv
