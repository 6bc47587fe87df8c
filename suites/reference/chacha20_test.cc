// ChaCha20 vectors. The expected bytes are RFC 8439's published test vectors (section 2.3.2 and
// appendix A.1); each was also reproduced with `openssl enc -chacha20` (OpenSSL 3.0) whose
// 16-byte IV is the 32-bit counter followed by the 96-bit nonce, as noted per test.
#include "vdsoconf/reference/chacha20.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vdsoconf::ref {
namespace {

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// Key bytes 00 01 02 .. 1f (RFC 8439 section 2.3.2), as little-endian words.
ChachaKeyWords CountingKey() {
  std::array<std::uint8_t, kChachaKeySize> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return ChachaKeyFromBytes(bytes);
}

TEST(Chacha, Rfc8439Section232BlockFunction) {
  // Counter 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00: words 13..15 = 0x09000000, 0x4a000000,
  // 0. openssl: -K 000102..1f -iv 01000000 000000090000004a00000000.
  ChachaInput in = VdsoChachaInput(CountingKey(), 1);
  in[13] = 0x09000000;
  in[14] = 0x4a000000;
  in[15] = 0;
  EXPECT_EQ(Hex(ChachaBlock(in)),
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
}

TEST(Chacha, Rfc8439AppendixA1ZeroKeyTwoBlocksThroughVdsoForm) {
  // A.1 test vectors #1 and #2: all-zero key and nonce, counters 0 and 1. Zero nonce is exactly
  // the vDSO's input, so these go through VdsoChachaBlocks with its 64-bit counter starting at 0.
  std::vector<std::uint8_t> out(2 * kChachaBlockSize);
  std::uint64_t counter = 0;
  ASSERT_TRUE(VdsoChachaBlocks(out, ChachaKeyWords{}, counter, 2));
  EXPECT_EQ(counter, 2u);
  EXPECT_EQ(Hex(std::span(out).first(64)),
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
  EXPECT_EQ(Hex(std::span(out).subspan(64)),
            "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
            "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
}

TEST(Chacha, VdsoCounterCarriesIntoWord13) {
  // The assembly keeps one 64-bit counter (`addi cnt, cnt, 1`; word 13 = cnt >> 32), so the
  // block after 0xffffffff is word12 = 0, word13 = 1. openssl agrees: -iv ffffffff00.. gives
  // the second block d838fb09..., the same as -iv 0000000001000000.. (word 13 = 1).
  std::vector<std::uint8_t> out(2 * kChachaBlockSize);
  std::uint64_t counter = 0xffffffffu;
  ASSERT_TRUE(VdsoChachaBlocks(out, CountingKey(), counter, 2));
  EXPECT_EQ(counter, 0x100000001u);
  EXPECT_EQ(Hex(std::span(out).first(64)),
            "1ce0deb8925fccea2d5587e850054559edcbbeb1a6c8e1c02c1e89abba08b01c"
            "ad6048fe5ab5242ed6befbef6b4040fcb666a5f3858d942a912c4e8800301a42");
  EXPECT_EQ(Hex(std::span(out).subspan(64)),
            "d838fb09536e2e3a10e8f23f486273a69f42d8e640d781ede384793c34c32564"
            "fc4361e5d5c5b620583b0528192f4c6109f23a0e14398ee6537cdcf2cd610ea2");
}

TEST(Chacha, VdsoBlocksRejectsShortBufferAndZeroBlocks) {
  std::vector<std::uint8_t> out(kChachaBlockSize + 63, 0xaa);
  std::uint64_t counter = 7;
  EXPECT_FALSE(VdsoChachaBlocks(out, CountingKey(), counter, 2)) << "buffer of " << out.size();
  EXPECT_FALSE(VdsoChachaBlocks(out, CountingKey(), counter, 0));
  EXPECT_EQ(counter, 7u);
  EXPECT_EQ(out[0], 0xaa) << "nothing may be written on rejection";
}

TEST(Chacha, KeyBytesAreLittleEndianWords) {
  const ChachaKeyWords key = CountingKey();
  EXPECT_EQ(key[0], 0x03020100u);
  EXPECT_EQ(key[7], 0x1f1e1d1cu);
}

}  // namespace
}  // namespace vdsoconf::ref
