// The agent protocol's encoders and codecs against published vectors (RFC 4648, zlib's check
// value), and the exact frame text the host's decoder reads (protocol/FRAMING.md).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "vdsoconf/protocol/base64.h"
#include "vdsoconf/protocol/crc32.h"
#include "vdsoconf/protocol/frames.h"

namespace vdsoconf::protocol {
namespace {

// RFC 4648 section 10, and three bytes that use the last two characters of the alphabet.
constexpr std::pair<std::string_view, std::string_view> kVectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
    {std::string_view("\xff\xfe\x00", 3), "//4A"}};

TEST(Base64, EncodesTheRfc4648Vectors) {
  for (const auto& [bytes, text] : kVectors) EXPECT_EQ(Base64Encode(bytes), text) << bytes;
}

TEST(Base64, DecodesTheRfc4648Vectors) {
  for (const auto& [bytes, text] : kVectors) EXPECT_EQ(Base64Decode(text), bytes) << text;
}

TEST(Base64, DecodesWhatItEncodesForEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t length : {0, 1, 2, 3, 47, 48, 49, 256}) {
    const std::string bytes = all.substr(0, length);
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes) << length << " bytes";
  }
}

TEST(Base64, RefusesWhatIsNotPaddedBase64AndSaysWhy) {
  const std::pair<const char*, const char*> refused[] = {
      {"Zg=", "length not a multiple of 4"},  {"Zg*=", "invalid character"},
      {"=g==", "invalid character"},          {"Zg=a", "bad padding"},
      {"Zg==Zm9v", "padding before the end"}, {"Zm9v Zg", "length not a multiple of 4"},
      {"Z===", "invalid character"},          {"Zm9\xff", "invalid character"}};
  for (const auto& [text, why] : refused) {
    std::string problem;
    EXPECT_EQ(Base64Decode(text, &problem), std::nullopt) << text;
    EXPECT_EQ(problem, why) << text;
  }
}

TEST(Crc32, MatchesZlibsCheckValues) {
  EXPECT_EQ(Crc32("123456789"), 0xcbf43926u);
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414fa339u);
  EXPECT_NE(Crc32("123456788"), 0xcbf43926u) << "one changed byte changes the sum";
  EXPECT_EQ(CrcHex(0xcbf43926u), "cbf43926");
  EXPECT_EQ(CrcHex(0x1u), "00000001");
}

TEST(DocumentFrames, WriteBeginDataInChunksOf48BytesAndEnd) {
  const std::string payload(100, 'x');
  const std::vector<std::string> frames = DocumentFrames(7, payload);
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_EQ(frames[0], "@@VDSOCONF1 B 7 100 " + CrcHex(Crc32(payload)) + "@@");
  const std::string chunk(48, 'x');
  EXPECT_EQ(frames[1],
            "@@VDSOCONF1 D 7 0 " + Base64Encode(chunk) + " " + CrcHex(Crc32(chunk)) + "@@");
  EXPECT_EQ(Base64Encode(chunk).size(), 64u) << "a data frame carries at most 64 characters";
  EXPECT_EQ(frames[3], "@@VDSOCONF1 D 7 2 eHh4eA== " + CrcHex(Crc32("xxxx")) + "@@");
  EXPECT_EQ(frames[4], "@@VDSOCONF1 E 7 3@@");
}

TEST(DocumentFrames, AnEmptyDocumentHasNoDataFrame) {
  EXPECT_EQ(DocumentFrames(1, ""),
            (std::vector<std::string>{"@@VDSOCONF1 B 1 0 00000000@@", "@@VDSOCONF1 E 1 0@@"}));
}

TEST(HeartbeatFrame, CannotEndEarlyOrSpanLines) {
  EXPECT_EQ(HeartbeatFrame("probe vvar.dump start"), "@@VDSOCONF1 H probe vvar.dump start@@");
  EXPECT_EQ(HeartbeatFrame("a@@b\nc\r"), "@@VDSOCONF1 H a__b_c_@@");
}

}  // namespace
}  // namespace vdsoconf::protocol
