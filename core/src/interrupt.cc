#include "vdsoconf/core/interrupt.h"

#include <signal.h>

#include <atomic>
#include <cstdio>

namespace vdsoconf {
namespace {

// Lock-free, so the signal handler may store to it.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

}  // namespace

void RequestInterrupt(int signal_number) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signal_number);
}

int InterruptSignal() {
  return g_signal.load();
}

const char* InterruptSignalName(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default: {
      static thread_local char text[32];
      std::snprintf(text, sizeof text, "signal %d", signal_number);
      return text;
    }
  }
}

void ClearInterrupt() {
  g_signal.store(0);
}

}  // namespace vdsoconf
