#include "vdsoconf/runner/child_groups.h"

#include <signal.h>

#include <array>
#include <atomic>

#include "vdsoconf/core/interrupt.h"

namespace vdsoconf::runner {
namespace {

constexpr int kSlots = 64;
// Lock-free slots: the signal handler may only read atomics.
std::array<std::atomic<pid_t>, kSlots> g_groups{};

void KillAll() {
  for (auto& group : g_groups) {
    pid_t pgid = group.load();
    if (pgid > 0) kill(-pgid, SIGKILL);
  }
}

// Only async-signal-safe work: atomics, kill, sigaction, raise.
void OnInterrupt(int signal_number) {
  const bool second = InterruptSignal() != 0;
  RequestInterrupt(signal_number);
  KillAll();
  if (!second) return;  // the main thread writes the partial results and exits 128+signal
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigaction(signal_number, &action, nullptr);
  raise(signal_number);
}

}  // namespace

ScopedChildGroup::ScopedChildGroup(pid_t group) {
  for (int i = 0; i < kSlots; ++i) {
    pid_t expected = 0;
    if (g_groups[i].compare_exchange_strong(expected, group)) {
      slot_ = i;
      return;
    }
  }
}

ScopedChildGroup::~ScopedChildGroup() {
  if (slot_ >= 0) g_groups[slot_].store(0);
}

void InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal_number, &action, nullptr);
}

int RegisteredChildGroups() {
  int count = 0;
  for (auto& group : g_groups) count += group.load() > 0 ? 1 : 0;
  return count;
}

}  // namespace vdsoconf::runner
