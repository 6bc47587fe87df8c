#include "vdsoconf/reference/chacha20.h"

#include <bit>

namespace vdsoconf::ref {
namespace {

// "expand 32-byte k" as four little-endian words (RFC 8439 section 2.3; the same constants the
// assembly loads into copy0..copy3).
constexpr std::array<std::uint32_t, 4> kSigma = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

void QuarterRound(ChachaInput& x, int a, int b, int c, int d) {
  x[a] += x[b];
  x[d] = std::rotl(x[d] ^ x[a], 16);
  x[c] += x[d];
  x[b] = std::rotl(x[b] ^ x[c], 12);
  x[a] += x[b];
  x[d] = std::rotl(x[d] ^ x[a], 8);
  x[c] += x[d];
  x[b] = std::rotl(x[b] ^ x[c], 7);
}

void StoreLe32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

std::array<std::uint8_t, kChachaBlockSize> ChachaBlock(const ChachaInput& input) {
  ChachaInput x = input;
  for (int round = 0; round < 10; ++round) {
    // Column round, then diagonal round: the assembly's "odd" and "even" rounds (its rotate-right
    // by 16, 20, 24, 25 is rotate-left by 16, 12, 8, 7).
    QuarterRound(x, 0, 4, 8, 12);
    QuarterRound(x, 1, 5, 9, 13);
    QuarterRound(x, 2, 6, 10, 14);
    QuarterRound(x, 3, 7, 11, 15);
    QuarterRound(x, 0, 5, 10, 15);
    QuarterRound(x, 1, 6, 11, 12);
    QuarterRound(x, 2, 7, 8, 13);
    QuarterRound(x, 3, 4, 9, 14);
  }
  std::array<std::uint8_t, kChachaBlockSize> out{};
  for (std::size_t i = 0; i < 16; ++i) StoreLe32(&out[4 * i], x[i] + input[i]);
  return out;
}

ChachaInput VdsoChachaInput(const ChachaKeyWords& key, std::uint64_t counter) {
  ChachaInput in{};
  for (std::size_t i = 0; i < 4; ++i) in[i] = kSigma[i];
  for (std::size_t i = 0; i < 8; ++i) in[4 + i] = key[i];
  in[12] = static_cast<std::uint32_t>(counter);
  in[13] = static_cast<std::uint32_t>(counter >> 32);
  in[14] = 0;
  in[15] = 0;
  return in;
}

bool VdsoChachaBlocks(std::span<std::uint8_t> dst, const ChachaKeyWords& key,
                      std::uint64_t& counter, std::size_t nblocks) {
  if (nblocks == 0 || dst.size() / kChachaBlockSize < nblocks) return false;
  for (std::size_t b = 0; b < nblocks; ++b) {
    const auto block = ChachaBlock(VdsoChachaInput(key, counter));
    for (std::size_t i = 0; i < kChachaBlockSize; ++i) dst[b * kChachaBlockSize + i] = block[i];
    ++counter;
  }
  return true;
}

ChachaKeyWords ChachaKeyFromBytes(std::span<const std::uint8_t, kChachaKeySize> bytes) {
  ChachaKeyWords key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<std::uint32_t>(bytes[4 * i]) |
             static_cast<std::uint32_t>(bytes[4 * i + 1]) << 8 |
             static_cast<std::uint32_t>(bytes[4 * i + 2]) << 16 |
             static_cast<std::uint32_t>(bytes[4 * i + 3]) << 24;
  }
  return key;
}

}  // namespace vdsoconf::ref
