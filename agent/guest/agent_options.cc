#include "agent_options.h"

#include "guest_io.h"

namespace vdsoconf::agent {
namespace {

constexpr std::string_view kPrefix = "vdsoconf.";
constexpr std::uint64_t kMaxProbeTimeoutMs = 3600000;

bool ParseDecimal(std::string_view text, std::uint64_t& value) {
  if (text.empty() || text.size() > 18) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

AgentOptions ParseKernelCommandLine(std::string_view cmdline) {
  AgentOptions options;
  for (const std::string& raw : Split(cmdline, ' ')) {
    std::string word = raw;
    while (!word.empty() && (word.back() == '\n' || word.back() == '\r')) word.pop_back();
    if (word.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    const std::size_t equals = word.find('=');
    const std::string key = word.substr(
        kPrefix.size(), equals == std::string::npos ? std::string::npos : equals - kPrefix.size());
    const std::string value = equals == std::string::npos ? "" : word.substr(equals + 1);
    if (key == "probes") {
      options.probes.clear();
      for (const std::string& name : Split(value, ',')) {
        if (!name.empty()) options.probes.push_back(name);
      }
    } else if (key == "probe_timeout_ms") {
      std::uint64_t timeout = 0;
      if (ParseDecimal(value, timeout) && timeout > 0 && timeout <= kMaxProbeTimeoutMs) {
        options.probe_timeout_ms = timeout;
      } else {
        options.problems.push_back(word);
      }
    } else {
      options.problems.push_back(word);
    }
  }
  return options;
}

}  // namespace vdsoconf::agent
