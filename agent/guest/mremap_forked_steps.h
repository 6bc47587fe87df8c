// Runs a scenario that may kill its process in a forked child, keeping what it reported.
//
// The mremap and bad-input probes do things that can end a process (moving or unmapping the
// vDSO, passing it bad pointers). Each such scenario runs in a forked child that reports its
// steps as it goes: one JSON object per line, each written with a single write() of at most
// PIPE_BUF bytes, so a line is never torn even when the child dies right after. The parent keeps
// every complete line and how the child ended, so "it died at step N with SIGSEGV" is evidence,
// not a lost probe. Used by probes/mremap_probe.cc and probes/bad_input_probe.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vdsoconf::agent {

class JsonWriter;

struct ForkedSteps {
  std::vector<std::string> lines;  // each a complete JSON object, in the order written
  bool started = false;            // fork succeeded
  bool timed_out = false;          // killed with SIGKILL at the deadline
  int exit_code = -1;              // when the child exited
  int signal = 0;                  // when a signal ended it (SIGKILL after a timeout included)
  std::string error;               // why the child could not be started
};

// The body runs in the child with the write end of the report pipe; when it returns the child
// calls _exit(0). Grandchildren the body forks may write to the same fd. Returns once the child
// has been reaped and every writer closed the pipe, or at `timeout_ms` (then the child's process
// group is killed). Never throws.
ForkedSteps RunForkedSteps(void (*body)(int report_fd, void* argument), void* argument,
                           std::uint64_t timeout_ms);

// Writes `json` and a newline in one write() (truncated to PIPE_BUF - 1 bytes: callers keep
// their steps small). Async-signal-safe when `json` is already built.
void EmitStep(int report_fd, const std::string& json);

// {"steps": [the lines verbatim], "termination": {"exit_code": N | null, "signal": N,
//  "timed_out": bool}} members under the current object.
void WriteForkedSteps(JsonWriter& json, const ForkedSteps& steps);

}  // namespace vdsoconf::agent
