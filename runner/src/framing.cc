#include "vdsoconf/runner/framing.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "vdsoconf/protocol/base64.h"
#include "vdsoconf/protocol/crc32.h"

namespace vdsoconf::runner {
namespace {

using protocol::Crc32;
using protocol::CrcHex;

// A data frame with no base64 text carries no chunk: refused, as the encoder never writes one.
std::optional<std::string> ChunkBytes(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return protocol::Base64Decode(text);
}

std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::uint32_t> ParseCrc(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  std::uint32_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return value;
}

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) fields.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

// Everything the frames said about one document, before it is judged.
struct Assembly {
  std::size_t first_position = 0;
  std::optional<std::uint64_t> total;
  std::optional<std::uint32_t> crc;
  std::optional<std::uint64_t> count;
  std::map<std::uint64_t, std::string> chunks;
  std::string corruption;  // the first contradiction or failed check seen

  void Corrupt(std::string why) {
    if (corruption.empty()) corruption = std::move(why);
  }
};

class Decoder {
 public:
  void Frame(std::string_view body, std::size_t position) {
    if (body.size() >= 2 && body.substr(0, 2) == "H ") {
      result_.heartbeats.emplace_back(body.substr(2));
      result_.saw_frames = true;
      return;
    }
    auto fields = SplitSpaces(body);
    if (fields.size() < 3 || fields[0].size() != 1) return Malformed();
    auto id = ParseDecimal(fields[1]);
    if (!id) return Malformed();
    switch (fields[0][0]) {
      case 'B':
        return Begin(*id, fields, position);
      case 'D':
        return Data(*id, fields, position);
      case 'E':
        return End(*id, fields, position);
      default:
        return Malformed();
    }
  }

  DecodedConsole Finish() {
    std::vector<std::pair<std::size_t, FramedDocument>> ordered;
    for (auto& [id, assembly] : assemblies_) {
      ordered.emplace_back(assembly.first_position, Judge(id, assembly));
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [position, document] : ordered) result_.documents.push_back(std::move(document));
    return std::move(result_);
  }

  void Malformed() { ++result_.malformed_frames; }

 private:
  Assembly& At(std::uint64_t id, std::size_t position) {
    result_.saw_frames = true;
    auto [it, inserted] = assemblies_.try_emplace(id);
    if (inserted) it->second.first_position = position;
    return it->second;
  }

  void Begin(std::uint64_t id, const std::vector<std::string_view>& f, std::size_t position) {
    if (f.size() != 4) return Malformed();
    auto total = ParseDecimal(f[2]);
    auto crc = ParseCrc(f[3]);
    if (!total || !crc) return Malformed();
    Assembly& a = At(id, position);
    if ((a.total && *a.total != *total) || (a.crc && *a.crc != *crc)) {
      a.Corrupt("two begin frames disagree");
    }
    a.total = total;
    a.crc = crc;
  }

  void Data(std::uint64_t id, const std::vector<std::string_view>& f, std::size_t position) {
    if (f.size() != 5) return Malformed();
    auto index = ParseDecimal(f[2]);
    auto crc = ParseCrc(f[4]);
    if (!index || !crc || f[3].size() > 64) return Malformed();
    Assembly& a = At(id, position);
    auto bytes = ChunkBytes(f[3]);
    if (!bytes) return a.Corrupt("chunk " + std::to_string(*index) + " is not valid base64");
    if (Crc32(*bytes) != *crc) {
      return a.Corrupt("chunk " + std::to_string(*index) + " crc mismatch: frame says " +
                       std::string(f[4]) + ", bytes give " + CrcHex(Crc32(*bytes)));
    }
    auto [it, inserted] = a.chunks.try_emplace(*index, *bytes);
    if (!inserted && it->second != *bytes) {
      a.Corrupt("chunk " + std::to_string(*index) + " sent twice with different bytes");
    }
  }

  void End(std::uint64_t id, const std::vector<std::string_view>& f, std::size_t position) {
    if (f.size() != 3) return Malformed();
    auto count = ParseDecimal(f[2]);
    if (!count) return Malformed();
    Assembly& a = At(id, position);
    if (a.count && *a.count != *count) a.Corrupt("two end frames disagree");
    a.count = count;
  }

  static FramedDocument Judge(std::uint64_t id, const Assembly& a) {
    FramedDocument doc;
    doc.id = id;
    auto fail = [&doc](DocumentState state, std::string why) {
      doc.state = state;
      doc.problem = std::move(why);
      return doc;
    };
    if (!a.corruption.empty()) return fail(DocumentState::kCorrupt, a.corruption);
    if (!a.total) return fail(DocumentState::kIncomplete, "no begin frame");
    if (!a.count) return fail(DocumentState::kIncomplete, "no end frame");
    std::string payload;
    for (std::uint64_t i = 0; i < *a.count; ++i) {
      auto it = a.chunks.find(i);
      if (it == a.chunks.end()) {
        return fail(DocumentState::kIncomplete,
                    "chunk " + std::to_string(i) + " of " + std::to_string(*a.count) + " missing");
      }
      payload += it->second;
    }
    if (!a.chunks.empty() && a.chunks.rbegin()->first >= *a.count) {
      return fail(DocumentState::kCorrupt, "chunk index beyond the end frame's count");
    }
    if (payload.size() != *a.total) {
      return fail(DocumentState::kCorrupt, "length mismatch: begin says " +
                                               std::to_string(*a.total) + " bytes, chunks hold " +
                                               std::to_string(payload.size()));
    }
    if (Crc32(payload) != *a.crc) {
      return fail(DocumentState::kCorrupt, "payload crc mismatch: begin says " + CrcHex(*a.crc) +
                                               ", payload gives " + CrcHex(Crc32(payload)));
    }
    auto body = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return fail(DocumentState::kCorrupt, "payload is not JSON");
    if (!body.is_object()) return fail(DocumentState::kCorrupt, "payload is not a JSON object");
    doc.state = DocumentState::kValid;
    doc.body = std::move(body);
    return doc;
  }

  std::map<std::uint64_t, Assembly> assemblies_;
  DecodedConsole result_;
};

}  // namespace

std::string_view DocumentStateName(DocumentState state) {
  switch (state) {
    case DocumentState::kValid:
      return "valid";
    case DocumentState::kIncomplete:
      return "incomplete";
    case DocumentState::kCorrupt:
      return "corrupt";
  }
  return "unknown";
}

nlohmann::json DecodedConsole::ValidBodies() const {
  nlohmann::json bodies = nlohmann::json::array();
  for (const auto& doc : documents) {
    if (doc.state == DocumentState::kValid) bodies.push_back(doc.body);
  }
  return bodies;
}

DecodedConsole DecodeConsole(std::string_view console) {
  Decoder decoder;
  std::size_t at = 0;
  while ((at = console.find(kFrameMarker, at)) != std::string_view::npos) {
    std::size_t body_start = at + kFrameMarker.size();
    std::size_t close = console.find("@@", body_start);
    std::size_t line_end = console.find_first_of("\r\n", body_start);
    // A frame never spans lines; one cut by a line break, or one that runs into the next
    // frame's marker, is dropped rather than glued to unrelated text.
    std::size_t next_marker = console.find(kFrameMarker, body_start);
    if (close == std::string_view::npos || close > line_end ||
        (next_marker != std::string_view::npos && next_marker < close)) {
      decoder.Malformed();
      at = body_start;
      continue;
    }
    decoder.Frame(console.substr(body_start, close - body_start), at);
    at = close + 2;
  }
  return decoder.Finish();
}

}  // namespace vdsoconf::runner
