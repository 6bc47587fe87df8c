// What a probe is, and the list of all of them.
//
// A probe collects raw evidence inside the guest and writes it as the "data" object of its
// probe-result document. It decides nothing: verdicts are the host's (live/ and
// targets/riscv/agent/host/), so the guest stays small and a wrong verdict never needs a new
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
  // Runs with no other foreground probe beside it (probe_lanes.h): it changes what the others
  // observe (steps the clock, sets the TAI offset) or wants every hart.
  bool runs_alone = false;
};

// Every probe, in the order the default set runs them.
std::span<const ProbeInfo> AllProbes();

// The probe named `name`, or nullptr.
const ProbeInfo* FindProbe(std::string_view name);

}  // namespace vdsoconf::agent
