#include "vdsoconf/live/agent_documents.h"

#include <optional>

#include "vdsoconf/protocol/base64.h"

namespace vdsoconf::live {
namespace {

std::string Path(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

}  // namespace

AgentRun::AgentRun(const nlohmann::json& documents) {
  if (!documents.is_array()) throw ProbeDataError("agent documents: expected a JSON array");
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const nlohmann::json& document = documents[i];
    const std::string path = "documents[" + std::to_string(i) + "]";
    if (!document.is_object()) throw ProbeDataError(path + ": expected an object");
    const std::string type = Str(document, "type", path);
    if (type == "agent-start") {
      agent_start_ = document;
    } else if (type == "agent-done") {
      saw_agent_done_ = true;
    } else if (type == "probe-result") {
      ProbeDocument probe;
      probe.probe = Str(document, "probe", path);
      probe.status = Str(document, "status", path);
      probe.elapsed_ms = U64(document, "elapsed_ms", path);
      probe.data = Member(document, "data", path);
      if (!probe.data.is_object()) throw ProbeDataError(path + ".data: expected an object");
      probes_.push_back(std::move(probe));
    }
  }
}

const ProbeDocument* AgentRun::Probe(std::string_view probe) const {
  for (auto it = probes_.rbegin(); it != probes_.rend(); ++it) {
    if (it->probe == probe) return &*it;
  }
  return nullptr;
}

std::string AgentRun::KernelRelease() const {
  if (!agent_start_) return "";
  const auto uname = agent_start_->find("uname");
  if (uname == agent_start_->end() || !uname->is_object()) return "";
  const auto release = uname->find("release");
  return release != uname->end() && release->is_string() ? release->get<std::string>() : "";
}

const nlohmann::json& Member(const nlohmann::json& object, std::string_view key,
                             std::string_view path) {
  if (!object.is_object()) throw ProbeDataError(std::string(path) + ": expected an object");
  const auto it = object.find(key);
  if (it == object.end()) throw ProbeDataError(Path(path, key) + ": missing");
  return *it;
}

std::uint64_t U64(const nlohmann::json& object, std::string_view key, std::string_view path) {
  const nlohmann::json& value = Member(object, key, path);
  // Parsed text gives unsigned numbers; documents built in code give signed ones.
  if (!value.is_number_integer() ||
      (!value.is_number_unsigned() && value.get<std::int64_t>() < 0)) {
    throw ProbeDataError(Path(path, key) + ": expected an unsigned integer, got " + value.dump());
  }
  return value.get<std::uint64_t>();
}

std::int64_t I64(const nlohmann::json& object, std::string_view key, std::string_view path) {
  const nlohmann::json& value = Member(object, key, path);
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX) {
    throw ProbeDataError(Path(path, key) + ": does not fit a signed 64-bit integer");
  }
  if (!value.is_number_integer()) {
    throw ProbeDataError(Path(path, key) + ": expected an integer, got " + value.dump());
  }
  return value.get<std::int64_t>();
}

std::string Str(const nlohmann::json& object, std::string_view key, std::string_view path) {
  const nlohmann::json& value = Member(object, key, path);
  if (!value.is_string()) throw ProbeDataError(Path(path, key) + ": expected a string");
  return value.get<std::string>();
}

bool Bool(const nlohmann::json& object, std::string_view key, std::string_view path) {
  const nlohmann::json& value = Member(object, key, path);
  if (!value.is_boolean()) throw ProbeDataError(Path(path, key) + ": expected true or false");
  return value.get<bool>();
}

std::vector<std::uint8_t> DecodeBase64(std::string_view text) {
  std::string problem;
  const std::optional<std::string> bytes = protocol::Base64Decode(text, &problem);
  if (!bytes) throw ProbeDataError("base64: " + problem);
  return std::vector<std::uint8_t>(bytes->begin(), bytes->end());
}

std::vector<std::uint8_t> DecodeSparseBytes(const nlohmann::json& sparse, std::string_view path,
                                            std::uint64_t max_size) {
  const std::uint64_t size = U64(sparse, "size", path);
  if (size > max_size) {
    throw ProbeDataError(std::string(path) + ".size: " + std::to_string(size) + " exceeds " +
                         std::to_string(max_size));
  }
  const nlohmann::json& runs = Member(sparse, "runs", path);
  if (!runs.is_array()) throw ProbeDataError(std::string(path) + ".runs: expected an array");
  std::vector<std::uint8_t> bytes(size, 0);
  std::uint64_t covered_until = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string run_path = std::string(path) + ".runs[" + std::to_string(i) + "]";
    const nlohmann::json& run = runs[i];
    if (!run.is_array() || run.size() != 2 || !run[0].is_number_integer() ||
        run[0].get<std::int64_t>() < 0 || !run[1].is_string()) {
      throw ProbeDataError(run_path + ": expected [offset, \"base64\"]");
    }
    const auto offset = run[0].get<std::uint64_t>();
    std::vector<std::uint8_t> chunk;
    try {
      chunk = DecodeBase64(run[1].get<std::string>());
    } catch (const ProbeDataError& error) {
      throw ProbeDataError(run_path + ": " + error.what());
    }
    if (offset < covered_until || offset > size || chunk.size() > size - offset) {
      throw ProbeDataError(run_path + ": run at " + std::to_string(offset) + " of " +
                           std::to_string(chunk.size()) + " bytes overlaps or leaves size " +
                           std::to_string(size));
    }
    std::copy(chunk.begin(), chunk.end(), bytes.begin() + static_cast<std::ptrdiff_t>(offset));
    covered_until = offset + chunk.size();
  }
  return bytes;
}

}  // namespace vdsoconf::live
