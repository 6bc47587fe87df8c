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
// Each frame is emitted whole within one write(2), so the kernel never splits a frame between two
// user writes (a printk can still land inside it; the decoder then reports the document corrupt).
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

// Whole frames are gathered into one write(2) up to this size: each write to a console costs a
// system call and, on the virtio console, a notification to QEMU; a page is what the hvc layer
// passes to the driver at once.
inline constexpr std::size_t kWriteBatchBytes = 4000;

// Writes frames and numbers the documents of this boot from 1. Documents and heartbeats may go
// to different descriptors (document_channel.h): heartbeats to the console the host watches
// live, documents to the fastest channel. Both may be the same descriptor.
class FrameWriter {
 public:
  FrameWriter(int document_fd, int heartbeat_fd)
      : document_fd_(document_fd), heartbeat_fd_(heartbeat_fd) {}

  // Emits B, every D and E for one document to the document descriptor, in as few write(2)s
  // as fit kWriteBatchBytes, each ending at a frame boundary. Returns its doc-id.
  std::uint64_t SendDocument(std::string_view payload);
  // Emits an H frame to the heartbeat descriptor. '@' in `text` is replaced so the frame cannot
  // end early.
  void Heartbeat(std::string_view text);

 private:
  int document_fd_;
  int heartbeat_fd_;
  std::uint64_t next_doc_id_ = 1;
};

}  // namespace vdsoconf::agent
