// ChaCha20 as the RISC-V vDSO's getrandom uses it.
//
// The vDSO generates random bytes with __arch_chacha20_blocks_nostack
// (arch/riscv/kernel/vdso/vgetrandom-chacha.S, Linux 6.16+; modelled from 7.2). It is the ChaCha20
// block function of RFC 8439 section 2.3 with two differences in how the 16-word input is filled:
//   - words 12 and 13 hold one 64-bit little-endian block counter (RFC 8439: a 32-bit counter in
//     word 12 and nonce words 13..15), so the counter carries from word 12 into word 13;
//   - the nonce (words 14 and 15) is always zero.
// Everything else (constants "expand 32-byte k", 10 double rounds, the final addition of the
// input, little-endian serialisation) is the RFC's. The general block function is exposed too so
// that the RFC's own test vectors, which use non-zero nonces, check the core.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vdsoconf::ref {

inline constexpr std::size_t kChachaBlockSize = 64;  // CHACHA_BLOCK_SIZE
inline constexpr std::size_t kChachaKeySize = 32;    // CHACHA_KEY_SIZE

// The 16 input words of one ChaCha20 block (RFC 8439 section 2.3).
using ChachaInput = std::array<std::uint32_t, 16>;
using ChachaKeyWords = std::array<std::uint32_t, kChachaKeySize / 4>;

// The RFC 8439 ChaCha20 block function: 20 rounds over `input`, plus `input`, serialised
// little-endian. Total: defined for every input.
std::array<std::uint8_t, kChachaBlockSize> ChachaBlock(const ChachaInput& input);

// The input words __arch_chacha20_blocks_nostack builds for one block: constants, the 8 key
// words as loaded by `lw` (little-endian), counter low word in 12, high word in 13, zeros in 14/15.
ChachaInput VdsoChachaInput(const ChachaKeyWords& key, std::uint64_t counter);

// What __arch_chacha20_blocks_nostack(dst, key, counter, nblocks) computes: `nblocks` consecutive
// blocks starting at block counter `*counter`, written to dst[0 .. 64*nblocks); `*counter` is
// advanced by nblocks (wrapping modulo 2^64, as the `addi cnt, cnt, 1` on a 64-bit register does).
//
// Requires dst.size() >= 64 * nblocks; returns false (and writes nothing) otherwise.
// nblocks == 0 is outside the kernel's contract (the assembly's loop would run 2^64 times); the
// model writes nothing, leaves the counter and returns false.
bool VdsoChachaBlocks(std::span<std::uint8_t> dst, const ChachaKeyWords& key,
                      std::uint64_t& counter, std::size_t nblocks);

// Reads 32 key bytes as the 8 little-endian words the assembly loads with `lw`.
ChachaKeyWords ChachaKeyFromBytes(std::span<const std::uint8_t, kChachaKeySize> bytes);

}  // namespace vdsoconf::ref
