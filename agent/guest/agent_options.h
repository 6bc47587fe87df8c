// What the host asks the agent to do, read from the kernel command line.
//
// Dotted parameters ("vdsoconf.probes=...") are taken by the kernel as module parameters and
// never reach init's argv or environment, so the agent reads /proc/cmdline.
//   vdsoconf.probes=a,b,c          probes to run, in order; absent or empty: the default set
//   vdsoconf.probe_timeout_ms=N    each probe's watchdog (default 20000)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::agent {

inline constexpr std::uint64_t kDefaultProbeTimeoutMs = 20000;

struct AgentOptions {
  std::vector<std::string> probes;  // empty: the default set
  std::uint64_t probe_timeout_ms = kDefaultProbeTimeoutMs;
  // Parameters the agent could not use, for the agent-start document ("probe_timeout_ms=abc").
  std::vector<std::string> problems;
};

// Parses a kernel command line. Unknown vdsoconf.* parameters and malformed values are listed
// in `problems` and otherwise ignored; a timeout of 0 or above one hour is a problem too.
AgentOptions ParseKernelCommandLine(std::string_view cmdline);

}  // namespace vdsoconf::agent
