// The console framing of the agent protocol, version 1: how a guest agent sends its documents
// and heartbeats to the host over a console that also carries firmware banners and kernel
// messages, which can land in the middle of a line. Every frame is self-delimiting
// ("@@VDSOCONF1 ... @@") and self-checking (CRC-32 per chunk and per document):
//
//   @@VDSOCONF1 B <doc-id> <total-bytes> <crc32-hex-of-whole-payload>@@
//   @@VDSOCONF1 D <doc-id> <chunk-index> <base64-chunk (<= 64 chars)> <crc32-hex-of-chunk-bytes>@@
//   @@VDSOCONF1 E <doc-id> <chunk-count>@@
//   @@VDSOCONF1 H <text>@@
//
// The encoder is here; the decoder, which must survive anything a console holds, is the host's
// (runner/framing.h); the normative text is protocol/FRAMING.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::protocol {

inline constexpr std::string_view kFrameMarker = "@@VDSOCONF1 ";
inline constexpr std::string_view kFrameEnd = "@@";

// Payload bytes per data frame: 48 bytes encode to exactly 64 base64 characters, the most a
// data frame may carry.
inline constexpr std::size_t kChunkBytes = 48;

// The frames of one document, in order (B, every D, E), each without a line end.
std::vector<std::string> DocumentFrames(std::uint64_t id, std::string_view payload);

// A heartbeat frame; '@', CR and LF in `text` become '_' so the frame cannot end early or span
// lines.
std::string HeartbeatFrame(std::string_view text);

}  // namespace vdsoconf::protocol
