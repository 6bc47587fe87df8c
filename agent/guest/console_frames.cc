#include "console_frames.h"

#include <unistd.h>

#include <cerrno>

#include "guest_io.h"
#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::agent {
namespace {}  // namespace

std::uint64_t FrameWriter::SendDocument(std::string_view payload) {
  const std::uint64_t id = next_doc_id_++;
  std::string batch;
  for (const std::string& frame : protocol::DocumentFrames(id, payload)) {
    if (!batch.empty() && batch.size() + frame.size() + 1 > kWriteBatchBytes) {
      WriteAll(document_fd_, batch);
      batch.clear();
    }
    batch += frame;
    batch += '\n';
  }
  WriteAll(document_fd_, batch);
  return id;
}

void FrameWriter::Heartbeat(std::string_view text) {
  WriteAll(heartbeat_fd_, protocol::HeartbeatFrame(text) + "\n");
}

}  // namespace vdsoconf::agent
