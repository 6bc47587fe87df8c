// The agent's side of the console framing protocol: the frames themselves are the protocol
// library's (vdsoconf/protocol/frames.h, shared with the host's decoder); this is how the agent
// writes them. Each frame is emitted whole within one write(2), so the kernel never splits a
// frame between two user writes (a printk can still land inside it; the decoder then reports
// the document corrupt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vdsoconf::agent {

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
