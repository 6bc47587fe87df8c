// The process groups of running guests, so that an interrupted vdsoconf (Ctrl-C, SIGTERM, a
// closed terminal) takes every QEMU down with it. Each QEMU runs in its own process group (see
// core/subprocess.h), which the terminal's SIGINT does not reach: without this they would live on.
#pragma once

#include <sys/types.h>

namespace vdsoconf::runner {

// Registers process group `group` for the lifetime of the object. At most 64 groups are tracked
// at once (far above any --jobs); beyond that a group is simply not tracked.
class ScopedChildGroup {
 public:
  explicit ScopedChildGroup(pid_t group);
  ~ScopedChildGroup();
  ScopedChildGroup(const ScopedChildGroup&) = delete;
  ScopedChildGroup& operator=(const ScopedChildGroup&) = delete;

 private:
  int slot_ = -1;
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that SIGKILL every registered group and record
// the signal (core/interrupt.h): the command then finishes its waits, writes what it has and
// exits 128+signal itself. A second signal ends the process at once with the signal's default
// action. Idempotent.
void InstallInterruptHandler();

// Number of groups currently registered (for tests).
int RegisteredChildGroups();

}  // namespace vdsoconf::runner
