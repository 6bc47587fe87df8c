#include <signal.h>

#include "probes.h"

namespace vdsoconf::agent {

bool ProbeSelftestHang(ProbeContext&) {
  // A busy spin, like a vDSO reader stuck on an odd seq (not a sleep: the watchdog must also
  // stop a child that never enters the kernel).
  for (;;) asm volatile("" ::: "memory");
}

bool ProbeSelftestCrash(ProbeContext&) {
  raise(SIGSEGV);
  return false;
}

}  // namespace vdsoconf::agent
