// Runs one probe in a forked child under a watchdog.
//
// The child gets its own process group and writes its result into a pipe; the parent waits
// with poll() against the deadline. So a probe that spins (a vDSO reader on an odd seq), blocks
// or crashes costs at most its timeout and never takes the agent down: the parent kills the
// whole group and reports "hang", or reports the signal as "crash".
#pragma once

#include <cstdint>
#include <string>

#include "probe.h"

namespace vdsoconf::agent {

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

// CLOCK_MONOTONIC in nanoseconds, through the syscall (the agent never times itself with the
// vDSO it is testing).
std::uint64_t MonotonicNowNs();

// CLOCK_BOOTTIME in nanoseconds, through the syscall: time since the kernel started, so the host
// can tell how much of a boot the agent took.
std::uint64_t BoottimeNowNs();

}  // namespace vdsoconf::agent
