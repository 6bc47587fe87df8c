#include "console_frames.h"

#include <unistd.h>

#include <cerrno>

#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::agent {
namespace {

void WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the console is gone: nothing better to do from /init
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

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
