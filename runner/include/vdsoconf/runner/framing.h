// Decoder for the console framing protocol (protocol/FRAMING.md, version 1).
//
// The guest agent writes JSON documents to the console as self-checking frames; the console also
// carries OpenSBI's banner and kernel messages, which may interleave with them. The decoder finds
// the frames anywhere in the console text, reassembles the documents and verifies every crc and
// length. A document is returned as valid only when all of that holds: an incomplete or corrupt
// document is returned as such, with the reason, and its bytes are never presented as data.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::runner {

enum class DocumentState {
  kValid,       // every frame present and every check passed; `body` is the JSON object
  kIncomplete,  // a begin, a chunk or the end frame never arrived
  kCorrupt,     // a crc, length, base64 or JSON check failed, or frames contradict each other
};

std::string_view DocumentStateName(DocumentState state);

struct FramedDocument {
  std::uint64_t id = 0;
  DocumentState state = DocumentState::kIncomplete;
  nlohmann::json body;  // the document when kValid; null otherwise
  std::string problem;  // why it is not valid ("chunk 2 crc mismatch: ..."); empty when kValid
};

struct DecodedConsole {
  // Every document any frame mentioned, ordered by the console position of its first frame.
  std::vector<FramedDocument> documents;
  // The text of every H frame, in console order ("probe X start", "powering off").
  std::vector<std::string> heartbeats;
  // Frames that could not be parsed at all (cut by a line break, unknown kind, bad fields).
  int malformed_frames = 0;
  // True when at least one well-formed frame was seen: the agent ran.
  bool saw_frames = false;

  // The valid documents' bodies, in order: what BootOutcome.agent_results holds.
  nlohmann::json ValidBodies() const;
};

// Decodes a whole console capture. Never throws; arbitrary bytes are fine.
DecodedConsole DecodeConsole(std::string_view console);

// The marker every frame starts with; a console containing it has reached the agent.
using protocol::kFrameMarker;

}  // namespace vdsoconf::runner
