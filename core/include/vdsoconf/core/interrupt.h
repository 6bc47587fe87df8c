// Whether the user asked vdsoconf to stop (Ctrl-C, SIGTERM, a closed terminal).
//
// A signal handler only records the signal (RequestInterrupt is async-signal-safe) and the
// threads doing the work notice: RunSubprocess stops its child within a poll interval, the run
// starts no further kernels, and the command writes what it has and exits 128+signal. The
// handlers themselves are the runner's (runner/child_groups.h).
#pragma once

namespace vdsoconf {

// Records `signal_number` as the reason to stop; the first one recorded is kept.
// Async-signal-safe.
void RequestInterrupt(int signal_number);

// The signal that interrupted vdsoconf, or 0 when none did.
int InterruptSignal();

inline bool Interrupted() {
  return InterruptSignal() != 0;
}

// "SIGINT", "SIGTERM", "SIGHUP", else "signal N": for messages.
const char* InterruptSignalName(int signal_number);

// Forgets a recorded interrupt (for tests).
void ClearInterrupt();

}  // namespace vdsoconf
