#include "vdsoconf/protocol/frames.h"

#include "vdsoconf/protocol/base64.h"
#include "vdsoconf/protocol/crc32.h"

namespace vdsoconf::protocol {

std::vector<std::string> DocumentFrames(std::uint64_t id, std::string_view payload) {
  const std::string marker(kFrameMarker), end(kFrameEnd), doc = std::to_string(id);
  std::vector<std::string> frames;
  frames.push_back(marker + "B " + doc + " " + std::to_string(payload.size()) + " " +
                   CrcHex(Crc32(payload)) + end);
  std::size_t index = 0;
  for (std::size_t at = 0; at < payload.size(); at += kChunkBytes, ++index) {
    const std::string_view chunk = payload.substr(at, kChunkBytes);
    frames.push_back(marker + "D " + doc + " " + std::to_string(index) + " " +
                     Base64Encode(chunk) + " " + CrcHex(Crc32(chunk)) + end);
  }
  frames.push_back(marker + "E " + doc + " " + std::to_string(index) + end);
  return frames;
}

std::string HeartbeatFrame(std::string_view text) {
  std::string safe(text);
  for (char& c : safe) {
    if (c == '@' || c == '\n' || c == '\r') c = '_';
  }
  return std::string(kFrameMarker) + "H " + safe + std::string(kFrameEnd);
}

}  // namespace vdsoconf::protocol
