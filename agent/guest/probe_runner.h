// Runs one probe in a forked child under a watchdog.
//
// The child gets its own process group and writes its result into a pipe; the parent waits
// with poll() against the deadline. So a probe that spins (a vDSO reader on an odd seq), blocks
// or crashes costs at most its timeout and never takes the agent down: the parent kills the
// whole group and reports "hang", or reports the signal as "crash".
#pragma once

#include <signal.h>

#include <cstdint>
#include <string>

#include "probe.h"

namespace vdsoconf::agent {

// What the agent sends a background probe when the other probes are done. The agent blocks it
// before forking any probe, so every child inherits it blocked: a background probe takes it with
// sigtimedwait (never killed by it), and no probe uses it otherwise.
inline int StopBackgroundSignal() {
  return SIGRTMAX;
}

struct ProbeOutcome {
  // "ok", "error" (the probe said it could not collect its evidence, or exited abnormally
  // without a signal), "hang" (killed at the deadline), "crash" (ended by a signal).
  std::string status;
  std::uint64_t elapsed_ms = 0;
  // A JSON object: the probe's data for "ok"; {"error": ...} for "error";
  // {"timeout_ms": N, "partial_output_bytes": N} for "hang";
  // {"signal": N, "signal_name": "SIGSEGV", "partial_output_bytes": N} for "crash".
  std::string data_json;
};

// Runs `probe` with a deadline of `timeout_ms` (at least 1 ms). Never throws; if the fork
// itself fails the outcome is "error" with the errno text.
ProbeOutcome RunProbeIsolated(const ProbeInfo& probe, std::uint64_t timeout_ms);

// A probe child started by StartProbe and not yet finished.
struct StartedProbe {
  int pid = -1;        // -1: it could not start; `failure` says why
  int output_fd = -1;  // read end of the child's result pipe
  std::uint64_t start_ns = 0;
  std::string failure;  // the error object when pid is -1
};

// Forks the child that runs `probe` and returns at once: a background probe
// (ProbeInfo::background) runs while the parent runs the others.
StartedProbe StartProbe(const ProbeInfo& probe);

// Asks a background probe to end (kStopBackgroundSignal), collects its result with a deadline of
// `timeout_ms` from now and returns it; elapsed_ms counts from its start. A probe that did not
// start is reported as "error".
ProbeOutcome StopBackgroundProbe(StartedProbe& started, std::uint64_t timeout_ms);

// Collects a started probe's result with a deadline of `timeout_ms` from now.
ProbeOutcome FinishProbe(StartedProbe& started, std::uint64_t timeout_ms);

// CLOCK_MONOTONIC in nanoseconds, through the syscall (the agent never times itself with the
// vDSO it is testing).
std::uint64_t MonotonicNowNs();

// CLOCK_BOOTTIME in nanoseconds, through the syscall: time since the kernel started, so the host
// can tell how much of a boot the agent took.
std::uint64_t BoottimeNowNs();

}  // namespace vdsoconf::agent
