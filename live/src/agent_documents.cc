#include "vdsoconf/live/agent_documents.h"

#include <array>

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
  std::array<int, 256> values{};
  values.fill(-1);
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    values[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  if (text.size() % 4 != 0) throw ProbeDataError("base64: length not a multiple of 4");
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int pad = (text[i + 3] == '=') + (text[i + 2] == '=');
    if (pad > 0 && !last) throw ProbeDataError("base64: padding before the end");
    if (text[i + 2] == '=' && text[i + 3] != '=') throw ProbeDataError("base64: bad padding");
    std::uint32_t group = 0;
    for (int k = 0; k < 4 - pad; ++k) {
      const int v = values[static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)])];
      if (v < 0) throw ProbeDataError("base64: invalid character");
      group |= static_cast<std::uint32_t>(v) << (18 - 6 * k);
    }
    bytes.push_back(static_cast<std::uint8_t>(group >> 16));
    if (pad < 2) bytes.push_back(static_cast<std::uint8_t>(group >> 8));
    if (pad < 1) bytes.push_back(static_cast<std::uint8_t>(group));
  }
  return bytes;
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
