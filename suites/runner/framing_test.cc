// The framing decoder (protocol/FRAMING.md): valid documents survive interleaved console noise,
// and every kind of damage yields an incomplete or corrupt document, never a valid one.
#include "vdsoconf/runner/framing.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::runner {
namespace {

// The frames come from the guest agents' own encoder (the protocol library), so what these tests
// decode is what a guest writes.
using protocol::DocumentFrames;

constexpr std::string_view kPayload =
    R"({"type":"probe-result","probe":"vvar.dump","status":"ok","elapsed_ms":12,)"
    R"("data":{"pages":[1,2,3],"text":"long enough to need three chunks of 48 bytes"}})";

std::string Lines(const std::vector<std::string>& frames) {
  std::string text;
  for (const auto& frame : frames) text += frame + "\r\n";
  return text;
}

std::string Describe(const DecodedConsole& decoded) {
  std::ostringstream out;
  out << decoded.documents.size() << " documents, " << decoded.malformed_frames << " malformed:";
  for (const auto& doc : decoded.documents) {
    out << " [" << doc.id << " " << DocumentStateName(doc.state) << " " << doc.problem << "]";
  }
  return out.str();
}

TEST(FramingDecoder, RoundTripsADocumentAcrossChunks) {
  auto frames = DocumentFrames(7, kPayload);
  ASSERT_GE(frames.size(), 5u) << "payload should need at least 3 chunks";
  auto decoded = DecodeConsole(Lines(frames));
  ASSERT_EQ(decoded.documents.size(), 1u) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].state, DocumentState::kValid) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].id, 7u);
  EXPECT_EQ(decoded.documents[0].body, nlohmann::json::parse(kPayload));
  EXPECT_EQ(decoded.malformed_frames, 0);
}

// Lengths around the 48-byte chunk: the count in the end frame and the last, short chunk.
TEST(FramingDecoder, ReadsBackEveryDocumentLengthTheEncoderWrites) {
  for (std::size_t length : {std::size_t{2}, std::size_t{47}, std::size_t{48}, std::size_t{49},
                             std::size_t{96}, std::size_t{97}, std::size_t{1000}}) {
    // A JSON object of exactly `length` bytes: {} or {"a":"xx...x"}.
    const std::string object =
        length == 2 ? "{}" : "{\"a\":\"" + std::string(length - 8, 'x') + "\"}";
    auto decoded = DecodeConsole(Lines(DocumentFrames(length, object)));
    ASSERT_EQ(decoded.documents.size(), 1u) << length << ": " << Describe(decoded);
    EXPECT_EQ(decoded.documents[0].state, DocumentState::kValid)
        << length << ": " << Describe(decoded);
    EXPECT_EQ(decoded.documents[0].body, nlohmann::json::parse(object)) << length;
  }
}

TEST(FramingDecoder, IgnoresKernelMessagesBetweenAndBeforeFrames) {
  auto frames = DocumentFrames(1, kPayload);
  std::string console = "OpenSBI v1.1\r\n[    1.0] random: crng init done\r\n";
  for (std::size_t i = 0; i < frames.size(); ++i) {
    // Kernel text glued in front of a frame on the same line, as when printk interleaves.
    console += (i % 2 ? "[    2.5] clocksource: switched" : "") + frames[i] + "\r\n";
    console += "[    3.0] a kernel line between frames\r\n";
  }
  auto decoded = DecodeConsole(console);
  ASSERT_EQ(decoded.documents.size(), 1u) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].state, DocumentState::kValid) << Describe(decoded);
}

TEST(FramingDecoder, FrameCutByALineBreakLosesItsChunk) {
  auto frames = DocumentFrames(1, kPayload);
  std::string& chunk = frames[2];
  chunk = chunk.substr(0, 30) + "\r\n[    1.2] printk in the middle\r\n" + chunk.substr(30);
  auto decoded = DecodeConsole(Lines(frames));
  ASSERT_EQ(decoded.documents.size(), 1u) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].state, DocumentState::kIncomplete) << Describe(decoded);
  EXPECT_EQ(decoded.malformed_frames, 1) << Describe(decoded);
  EXPECT_TRUE(decoded.documents[0].body.is_null());
}

TEST(FramingDecoder, FlippedChunkByteIsCorrupt) {
  auto frames = DocumentFrames(1, kPayload);
  std::string& chunk = frames[1];
  std::size_t at = chunk.find(" D 1 0 ") + 8;
  chunk[at] = chunk[at] == 'A' ? 'B' : 'A';
  auto decoded = DecodeConsole(Lines(frames));
  ASSERT_EQ(decoded.documents.size(), 1u) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].state, DocumentState::kCorrupt) << Describe(decoded);
  EXPECT_NE(decoded.documents[0].problem.find("crc mismatch"), std::string::npos)
      << decoded.documents[0].problem;
}

TEST(FramingDecoder, WrongPayloadCrcOrLengthIsCorrupt) {
  for (std::string bad : {std::string("crc"), std::string("length")}) {
    auto frames = DocumentFrames(3, kPayload);
    std::string begin =
        "@@VDSOCONF1 B 3 " + std::to_string(kPayload.size() + (bad == "length")) + " " +
        (bad == "crc" ? std::string("00000000") : frames[0].substr(frames[0].size() - 10, 8)) +
        "@@";
    frames[0] = begin;
    auto decoded = DecodeConsole(Lines(frames));
    ASSERT_EQ(decoded.documents.size(), 1u) << bad << ": " << Describe(decoded);
    EXPECT_EQ(decoded.documents[0].state, DocumentState::kCorrupt)
        << bad << ": " << Describe(decoded);
  }
}

TEST(FramingDecoder, MissingBeginChunkOrEndIsIncomplete) {
  for (std::size_t drop : {std::size_t{0}, std::size_t{2}, std::size_t{99}}) {
    auto frames = DocumentFrames(4, kPayload);
    frames.erase(frames.begin() + static_cast<long>(std::min(drop, frames.size() - 1)));
    auto decoded = DecodeConsole(Lines(frames));
    ASSERT_EQ(decoded.documents.size(), 1u) << "dropped " << drop << ": " << Describe(decoded);
    EXPECT_EQ(decoded.documents[0].state, DocumentState::kIncomplete)
        << "dropped " << drop << ": " << Describe(decoded);
  }
}

TEST(FramingDecoder, RepeatedFrameIsToleratedContradictingOneIsCorrupt) {
  auto frames = DocumentFrames(5, kPayload);
  frames.insert(frames.begin() + 2, frames[1]);
  EXPECT_EQ(DecodeConsole(Lines(frames)).documents.at(0).state, DocumentState::kValid);
  auto other = DocumentFrames(5, std::string(kPayload).replace(2, 4, "TYPE"));
  frames.insert(frames.begin() + 2, other[1]);
  auto decoded = DecodeConsole(Lines(frames));
  EXPECT_EQ(decoded.documents.at(0).state, DocumentState::kCorrupt) << Describe(decoded);
}

TEST(FramingDecoder, NonJsonOrNonObjectPayloadIsCorrupt) {
  for (std::string payload : {"not json at all", "[1,2,3]"}) {
    auto decoded = DecodeConsole(Lines(DocumentFrames(1, payload)));
    ASSERT_EQ(decoded.documents.size(), 1u) << payload;
    EXPECT_EQ(decoded.documents[0].state, DocumentState::kCorrupt)
        << payload << ": " << Describe(decoded);
  }
}

TEST(FramingDecoder, MalformedFramesAreCountedNotTrusted) {
  auto decoded = DecodeConsole(
      "@@VDSOCONF1 Q 1 2@@\n@@VDSOCONF1 B x 3 00000000@@\n@@VDSOCONF1 D 1 0 !!!! 00000000@@\n"
      "@@VDSOCONF1 B 2 3 ABCDEF12@@\n");
  EXPECT_EQ(decoded.malformed_frames, 3) << Describe(decoded);
  ASSERT_EQ(decoded.documents.size(), 1u) << Describe(decoded);
  EXPECT_EQ(decoded.documents[0].state, DocumentState::kCorrupt) << Describe(decoded);
}

TEST(FramingDecoder, HeartbeatsAreCollectedInOrder) {
  auto decoded = DecodeConsole(
      "x@@VDSOCONF1 H probe a start@@\r\n[ 1.0] msg\r\n@@VDSOCONF1 H powering off@@\r\n");
  ASSERT_EQ(decoded.heartbeats.size(), 2u);
  EXPECT_EQ(decoded.heartbeats[0], "probe a start");
  EXPECT_EQ(decoded.heartbeats[1], "powering off");
  EXPECT_TRUE(decoded.saw_frames);
  EXPECT_FALSE(DecodeConsole("OpenSBI\r\n[ 0.1] Linux version\r\n").saw_frames);
}

TEST(FramingDecoder, ReadsTheLibrarysHeartbeatsWhateverTheirText) {
  const std::string frames = protocol::HeartbeatFrame("probe a@@b start\r\n") + "\r\n" +
                             protocol::HeartbeatFrame("powering off") + "\r\n";
  auto decoded = DecodeConsole(frames);
  EXPECT_EQ(decoded.heartbeats, (std::vector<std::string>{"probe a__b start__", "powering off"}));
  EXPECT_EQ(decoded.malformed_frames, 0);
}

// A console captured from the Debian 7.2.13 kernel running suites/arch/riscv/boot/inits/framed_init.c,
// which writes kernel messages to /dev/kmsg between chunks.
TEST(FramingDecoder, DecodesARealConsoleCapture) {
  std::ifstream in(std::string(VDSOCONF_GOLDEN_DIR) + "/completed-framed-init.log");
  ASSERT_TRUE(in) << "golden log missing";
  std::string console((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto decoded = DecodeConsole(console);
  ASSERT_EQ(decoded.documents.size(), 4u) << Describe(decoded);
  for (const auto& doc : decoded.documents) {
    EXPECT_EQ(doc.state, DocumentState::kValid) << Describe(decoded);
  }
  EXPECT_EQ(decoded.documents[0].body["type"], "agent-start");
  EXPECT_EQ(decoded.documents[2].body["status"], "hang");
  EXPECT_EQ(decoded.documents[3].body["type"], "agent-done");
  EXPECT_EQ(decoded.heartbeats.back(), "powering off");
}

}  // namespace
}  // namespace vdsoconf::runner
