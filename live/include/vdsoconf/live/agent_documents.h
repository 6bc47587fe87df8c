// Reading the guest agent's documents (agent/guest/probes/probes.h specifies each
// probe's "data" object; the console framing is protocol/FRAMING.md).
//
// The documents come from a kernel under test, so nothing in them is trusted: every accessor
// checks presence and type and throws ProbeDataError naming the JSON path on a mismatch. Checks
// turn that exception into a kError verdict ("could not evaluate"), never into a pass.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::live {

class ProbeDataError : public std::runtime_error {
 public:
  explicit ProbeDataError(const std::string& message) : std::runtime_error(message) {}
};

// One {"type": "probe-result", ...} document.
struct ProbeDocument {
  std::string probe;
  std::string status;  // "ok", "hang", "crash", "error"
  std::uint64_t elapsed_ms = 0;
  nlohmann::json data;  // an object
};

// The documents of one boot, as the runner's framing decoder returns them (an array of JSON
// objects; entries of other types are kept but not interpreted).
class AgentRun {
 public:
  // Throws ProbeDataError when `documents` is not an array, or a probe-result lacks its fields.
  explicit AgentRun(const nlohmann::json& documents);

  // The probe-result of `probe` (the last one, if the agent ran it twice), or nullptr.
  const ProbeDocument* Probe(std::string_view probe) const;
  // The agent-start document, or nullptr when it never arrived.
  const nlohmann::json* AgentStart() const { return agent_start_ ? &*agent_start_ : nullptr; }
  // uname.release from agent-start; empty when absent.
  std::string KernelRelease() const;
  bool SawAgentDone() const { return saw_agent_done_; }

 private:
  std::vector<ProbeDocument> probes_;
  std::optional<nlohmann::json> agent_start_;
  bool saw_agent_done_ = false;
};

// Typed members. `path` names the object in messages ("vvar.dump.data.snapshots[1]").
// Throw ProbeDataError when the member is missing or has another type.
const nlohmann::json& Member(const nlohmann::json& object, std::string_view key,
                             std::string_view path);
std::uint64_t U64(const nlohmann::json& object, std::string_view key, std::string_view path);
std::int64_t I64(const nlohmann::json& object, std::string_view key, std::string_view path);
std::string Str(const nlohmann::json& object, std::string_view key, std::string_view path);
bool Bool(const nlohmann::json& object, std::string_view key, std::string_view path);

// RFC 4648 base64 with padding. Throws ProbeDataError on any other character or length.
std::vector<std::uint8_t> DecodeBase64(std::string_view text);

// The agent's sparse byte form {"size": N, "runs": [[offset, "<base64>"], ...]} (every byte no
// run covers is zero). Throws ProbeDataError on a run outside `size`, overlapping runs, or a
// size above `max_size` (a guard against a corrupt document asking for gigabytes).
std::vector<std::uint8_t> DecodeSparseBytes(const nlohmann::json& sparse, std::string_view path,
                                            std::uint64_t max_size = 1u << 24);

}  // namespace vdsoconf::live
