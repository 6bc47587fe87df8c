// Watches the vvar for the whole agent run: how long the kernel leaves the time data without an
// update (cycle_last is the counter value of the last update, so consecutive distinct values are
// the update gaps), for the host to compare with the overflow horizon of the live mult/shift.
// It is a background probe (probe.h): it sleeps between samples, so the other probes run beside
// it, and the moments the whole guest idles (the agent waiting for a child, a probe sleeping)
// fall inside its window instead of costing a dedicated idle stretch.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "../probe_runner.h"
#include "../arch_hooks.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

// At least kMinSamples even when it runs alone; at most kMaxSamples (the watchdog ends the probe
// long before a run of a few seconds reaches them).
constexpr std::size_t kMinSamples = 16;
constexpr std::size_t kMaxSamples = 4096;
constexpr long kSpacingNs = 10000000;  // 10 ms: idle enough for NO_HZ to stop the tick
constexpr int kMaxSpins = 1000000;     // a seq that stays odd is reported, never waited for

struct GapSample {
  std::uint64_t counter = 0;
  std::uint32_t seq = 0;
  std::uint64_t cycle_last = 0;
  bool consistent = false;
};

// seq (offset 0) and cycle_last (offset 8) of clock[CS_HRES_COARSE]: the same offsets in every
// generation (struct vdso_data and struct vdso_clock both start u32 seq, s32 clock_mode,
// u64 cycle_last).
GapSample Sample(std::uint64_t vvar) {
  const auto* seq = reinterpret_cast<const volatile std::uint32_t*>(vvar);
  const auto* cycle_last = reinterpret_cast<const volatile std::uint64_t*>(vvar + 8);
  GapSample sample;
  for (int spin = 0; spin < kMaxSpins; ++spin) {
    const std::uint32_t begin = *seq;
    std::atomic_thread_fence(std::memory_order_acquire);
    if (begin & 1u) continue;
    const std::uint64_t last = *cycle_last;
    std::atomic_thread_fence(std::memory_order_acquire);
    if (*seq != begin) continue;
    sample = {arch::ReadCounter(), begin, last, true};
    return sample;
  }
  sample.counter = arch::ReadCounter();
  sample.seq = *seq;
  return sample;
}

// Sleeps `ns` unless the agent's stop signal arrives first; returns true when it did (a stop
// that came earlier is pending and returns at once).
bool SleepUnlessStopped(long ns) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, StopBackgroundSignal());
  const struct timespec timeout { 0, ns };
  for (;;) {
    const int got = sigtimedwait(&stop, nullptr, &timeout);
    if (got == StopBackgroundSignal()) return true;
    if (got < 0 && errno == EINTR) continue;  // a timed wait restarts whole: at worst 2x spacing
    return false;
  }
}

}  // namespace

bool ProbeVvarUpdateGaps(ProbeContext& context) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vvar) {
    context.error = "no [vvar] line in /proc/self/maps";
    return false;
  }
  std::vector<GapSample> samples;
  bool stopped = false;
  while (samples.size() < kMaxSamples) {
    if (!samples.empty()) stopped = SleepUnlessStopped(kSpacingNs) || stopped;
    samples.push_back(Sample(mappings.vvar->start));
    if (stopped && samples.size() >= kMinSamples) break;
  }
  JsonWriter& data = context.data;
  data.Field("spacing_ns", static_cast<std::uint64_t>(kSpacingNs));
  data.Key("samples");
  data.BeginArray();
  for (const GapSample& sample : samples) {
    data.BeginArray();  // compact: the console carries ~13 KB/s
    data.Uint(sample.counter);
    data.Uint(sample.seq);
    data.Uint(sample.cycle_last);
    data.Bool(sample.consistent);
    data.EndArray();
  }
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
