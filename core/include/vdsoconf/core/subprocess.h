// Running external programs (apt-get, make, qemu) with a deadline.
//
// Every child runs in its own process group; when the deadline passes the whole group is killed
// (SIGTERM, then SIGKILL after a grace period), so a hung QEMU or a stuck make never hangs vdsoconf.
// The same happens within a poll interval (1 s) when vdsoconf is interrupted (core/interrupt.h),
// and nothing new is started after that.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vdsoconf {

struct SubprocessOptions {
  // Wall-clock limit; the child is killed when it passes. Required: nothing runs unbounded.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::optional<std::string> working_directory;
  // Added to (or replacing entries of) the parent's environment.
  std::map<std::string, std::string> environment;
  std::string standard_input;
  // Where stdout and stderr go. Empty: captured into the result. Otherwise appended to this file
  // (a build log); the result then holds only the last few KiB for error messages.
  std::optional<std::string> log_file;
  // Called with each chunk of output as it arrives (stdout and stderr interleaved), e.g. to watch
  // a console for a marker. Return false to stop the child early (it is killed, result.stopped).
  std::function<bool(std::string_view chunk)> on_output;
};

struct SubprocessResult {
  int exit_code = -1;        // valid when exited
  int signal = 0;            // the signal that ended the child, if any
  bool exited = false;       // ended by exit()
  bool timed_out = false;    // killed because the deadline passed
  bool stopped = false;      // killed because on_output returned false
  bool interrupted = false;  // killed (or never started) because vdsoconf was interrupted
  std::string output;        // stdout+stderr (or the tail of the log file)
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return exited && exit_code == 0 && !timed_out && !stopped && !interrupted; }
  // "exit 3", "killed by signal 9", "timed out after 30000 ms": for messages.
  std::string Describe() const;
};

// Runs argv[0] (looked up in PATH) with the arguments. Throws InfraError only when the program
// cannot be started at all (not found, fork failure); a non-zero exit is a result, not an error.
SubprocessResult RunSubprocess(const std::vector<std::string>& argv,
                               const SubprocessOptions& options = {});

// Like RunSubprocess, but throws InfraError naming the command and the tail of its output unless
// it exits 0 in time. For steps whose failure ends the operation (a download, a build).
SubprocessResult RunChecked(const std::vector<std::string>& argv,
                            const SubprocessOptions& options = {});

// True when `program` is found in PATH (or is an executable path).
bool ProgramExists(const std::string& program);

}  // namespace vdsoconf
