// The wire format did not move when the encoders became one library: consoles captured before it
// (the riscv64 guest agent's own encoder, and suites/arch/riscv/boot/inits/framed_init.c's C encoder) hold,
// for every document, exactly the frames DocumentFrames writes today for the same payload. This
// is the host/guest agreement that needs no kernel: the guest compiles this very encoder in.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/protocol/base64.h"
#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::protocol {
namespace {

// Every whole frame of a console, in order: from the marker to the next "@@" on the same line,
// as the host's decoder reads them (runner/src/framing.cc).
std::vector<std::string> Frames(std::string_view console) {
  std::vector<std::string> frames;
  std::size_t at = 0;
  while ((at = console.find(kFrameMarker, at)) != std::string_view::npos) {
    const std::size_t close = console.find(kFrameEnd, at + kFrameMarker.size());
    const std::size_t line_end = console.find_first_of("\r\n", at);
    if (close == std::string_view::npos || close > line_end) {
      at += kFrameMarker.size();
      continue;
    }
    frames.emplace_back(console.substr(at, close + kFrameEnd.size() - at));
    at = close + kFrameEnd.size();
  }
  return frames;
}

std::vector<std::string_view> Fields(std::string_view frame) {
  frame.remove_prefix(kFrameMarker.size());
  frame.remove_suffix(kFrameEnd.size());
  std::vector<std::string_view> fields;
  for (std::size_t start = 0; start <= frame.size();) {
    const std::size_t space = std::min(frame.find(' ', start), frame.size());
    fields.push_back(frame.substr(start, space - start));
    start = space + 1;
  }
  return fields;
}

struct Captured {
  std::vector<std::string> frames;  // B, D and E frames of one document, in console order
  std::string payload;              // the D frames' bytes, in console order
  bool decodable = true;
};

// The documents of a console by id, their payloads read back from the data frames.
std::map<std::string, Captured> Documents(const std::vector<std::string>& frames) {
  std::map<std::string, Captured> documents;
  for (const std::string& frame : frames) {
    const std::vector<std::string_view> fields = Fields(frame);
    if (fields[0] == "H" || fields.size() < 2) continue;
    Captured& document = documents[std::string(fields[1])];
    document.frames.push_back(frame);
    if (fields[0] != "D") continue;
    const auto bytes = fields.size() == 5 ? Base64Decode(fields[3]) : std::nullopt;
    if (bytes) document.payload += *bytes;
    document.decodable = document.decodable && bytes.has_value();
  }
  return documents;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(CapturedFrames, AreWhatTheLibraryWritesForTheSamePayload) {
  const std::string data = std::string(VDSOCONF_SUITES_DIR) + "/live/data/";
  const std::vector<std::string> captures = {
      data + "debian-7.2.13-agent-console.log",
      data + "debian-7.2.13-full-console.log",
      data + "debian-7.2.13-selftest-console.log",
      data + "livestress-debian-7.2.13-console.log",
      data + "livestress-source-6.12.95-console.log",
      data + "source-6.12.95-agent-console.log",
      data + "source-6.12.95-full-console.log",
      std::string(VDSOCONF_SUITES_DIR) + "/runner/golden/completed-framed-init.log"};
  for (const std::string& path : captures) {
    const std::string console = Read(path);
    ASSERT_FALSE(console.empty()) << path << " is missing";
    int compared = 0;
    for (const auto& [id, document] : Documents(Frames(console))) {
      ASSERT_TRUE(document.decodable) << path << ": document " << id;
      EXPECT_EQ(document.frames, DocumentFrames(std::stoull(id), document.payload))
          << path << ": document " << id;
      ++compared;
    }
    EXPECT_GE(compared, 3) << path << ": too few documents to say anything";
  }
}

}  // namespace
}  // namespace vdsoconf::protocol
