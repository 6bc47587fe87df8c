#include "console_frames.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>

namespace vdsoconf::agent {
namespace {

std::array<std::uint32_t, 256> MakeCrcTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

std::string Hex8(std::uint32_t value) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(value));
  return text;
}

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

std::uint32_t Crc32(std::string_view bytes) {
  static const std::array<std::uint32_t, 256> table = MakeCrcTable();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char c : bytes) crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1]))
                                << 8 |
                            static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::uint64_t FrameWriter::SendDocument(std::string_view payload) {
  const std::uint64_t id = next_doc_id_++;
  const std::string doc = std::to_string(id);
  std::string batch = "@@VDSOCONF1 B " + doc + " " + std::to_string(payload.size()) + " " +
                      Hex8(Crc32(payload)) + "@@\n";
  auto add_frame = [&](const std::string& frame) {
    if (batch.size() + frame.size() > kWriteBatchBytes) {
      WriteAll(document_fd_, batch);
      batch.clear();
    }
    batch += frame;
  };
  std::size_t index = 0;
  for (std::size_t offset = 0; offset < payload.size(); offset += kFrameChunkBytes, ++index) {
    const std::string_view chunk = payload.substr(offset, kFrameChunkBytes);
    add_frame("@@VDSOCONF1 D " + doc + " " + std::to_string(index) + " " + Base64(chunk) + " " +
              Hex8(Crc32(chunk)) + "@@\n");
  }
  add_frame("@@VDSOCONF1 E " + doc + " " + std::to_string(index) + "@@\n");
  WriteAll(document_fd_, batch);
  return id;
}

void FrameWriter::Heartbeat(std::string_view text) {
  std::string safe(text);
  for (char& c : safe) {
    if (c == '@' || c == '\n' || c == '\r') c = '_';
  }
  WriteAll(heartbeat_fd_, "@@VDSOCONF1 H " + safe + "@@\n");
}

}  // namespace vdsoconf::agent
