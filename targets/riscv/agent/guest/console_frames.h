// The agent's side of the console framing protocol, version 1 (the lead's protocol text; the
// host decoder lives with the runner). The console also carries OpenSBI's banner and kernel
// messages, which can land in the middle of a line, so every frame is self-delimiting
// ("@@VDSOCONF1 ... @@") and self-checking (crc32 per chunk and per document):
//
//   @@VDSOCONF1 B <doc-id> <total-bytes> <crc32-hex-of-whole-payload>@@
//   @@VDSOCONF1 D <doc-id> <chunk-index> <base64-chunk (<= 64 chars)> <crc32-hex-of-chunk-bytes>@@
//   @@VDSOCONF1 E <doc-id> <chunk-count>@@
//   @@VDSOCONF1 H <text>@@
//
// Each frame is emitted with one write(2), so the kernel never splits a frame between two user
// writes (a printk can still land inside it; the decoder then reports the document corrupt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vdsoconf::agent {

// zlib's crc32 (reflected polynomial 0xEDB88320, initial and final xor 0xFFFFFFFF).
std::uint32_t Crc32(std::string_view bytes);

// RFC 4648 base64 with padding.
std::string Base64(std::string_view bytes);

// Payload bytes per data frame: 48 bytes encode to exactly 64 base64 characters.
inline constexpr std::size_t kFrameChunkBytes = 48;

// Writes frames to one file descriptor and numbers the documents of this boot from 1.
class FrameWriter {
 public:
  explicit FrameWriter(int fd) : fd_(fd) {}

  // Emits B, every D and E for one document. Returns its doc-id.
  std::uint64_t SendDocument(std::string_view payload);
  // Emits an H frame. '@' in `text` is replaced so the frame cannot end early.
  void Heartbeat(std::string_view text);

 private:
  void WriteLine(const std::string& line);
  int fd_;
  std::uint64_t next_doc_id_ = 1;
};

}  // namespace vdsoconf::agent
