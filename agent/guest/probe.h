// What a probe is, and the list of all of them.
//
// A probe collects raw evidence inside the guest and writes it as the "data" object of its
// probe-result document. It decides nothing: verdicts are the host's (live/ and
// targets/<arch>/agent/host/), so the guest stays small and a wrong verdict never needs a new
// guest. Each probe runs in its own forked child under a watchdog (probe_runner.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "json_writer.h"

namespace vdsoconf::agent {

struct ProbeContext {
  // The probe's "data" object: the probe writes its members (the object itself is opened and
  // closed by the runner).
  JsonWriter& data;
  // Why the probe could not collect its evidence; set it and return false.
  std::string error;
};

// Returns true when `context.data` holds the evidence, false (with context.error) when the probe
// could not collect it; the document then has status "error" and data {"error": ...}.
using ProbeFunction = bool (*)(ProbeContext& context);

struct ProbeInfo {
  std::string_view name;
  std::string_view summary;
  // Run when the kernel command line names no probes. Self-tests are not: they hang or crash
  // on purpose and run only when asked for by name.
  bool in_default_set = true;
  ProbeFunction run = nullptr;
  // Started before the other probes and run alongside them on the other hart, until the agent
  // sends StopBackgroundSignal() after the last one (probe_runner.h); its document follows
  // theirs. Only for probes that watch without changing what the others observe.
  bool background = false;
  // Runs with no other foreground probe beside it (probe_lanes.h): it steps the clock, which
  // every probe's evidence depends on, or wants every hart, or costs more beside another probe
  // than after it (vdso.diff beside vdso.mremap: each took 3-4 times as long on a loaded host).
  bool runs_alone = false;
  // Global time state (GlobalTimeState bits) this probe changes while it runs, and the state its
  // evidence depends on: two probes run side by side only when neither changes what the other
  // observes.
  unsigned changes = 0;
  unsigned observes = 0;
  // Takes several times as long as the other probes that may share a hart: the agent starts it
  // before them, so the other hart runs the short ones meanwhile (longest first).
  bool long_running = false;
};

// Pieces of global time state a probe may change or observe (ProbeInfo::changes/observes).
enum GlobalTimeState : unsigned {
  // The TAI offset (adjtimex ADJ_TAI): CLOCK_TAI and the vvar's TAI base time move with it.
  kTaiOffset = 1u << 0,
};

// Whether `a` and `b` may run side by side (symmetric).
inline bool MaySideBySide(const ProbeInfo& a, const ProbeInfo& b) {
  return !a.runs_alone && !b.runs_alone && (a.changes & b.observes) == 0 &&
         (b.changes & a.observes) == 0;
}

// Every probe, in the order the default set runs them.
std::span<const ProbeInfo> AllProbes();

// The probe named `name`, or nullptr.
const ProbeInfo* FindProbe(std::string_view name);

}  // namespace vdsoconf::agent
