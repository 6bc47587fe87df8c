// __vdso_getrandom model. Expected values are derived by hand from lib/vdso/getrandom.c,
// include/vdso/getrandom.h and drivers/char/random.c of 7.2.13; random bytes come from the
// RFC 8439 appendix A.1 vectors (all-zero key, zero nonce: exactly the vDSO's ChaCha20 input) and,
// for block 2, from `openssl enc -chacha20` with a zero key and zero IV.
#include "vdsoconf/reference/getrandom.h"

#include <gtest/gtest.h>

#include <string>

namespace vdsoconf::ref {
namespace {

// Zero key, zero nonce: RFC 8439 A.1 #1 (counter 0), #2 (counter 1); counter 2 from openssl.
const std::string kZeroKeyBlock0 =
    "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
    "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586";
const std::string kZeroKeyBlock1 =
    "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
    "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f";
const std::string kZeroKeyBlock2 =
    "2d09a0e663266ce1ae7ed1081968a0758e718e997bd362c6b0c34634a9a0b35d"
    "012737681f7b5d0f281e3afde458bc1e73d2d313c9cf94c05ff3716240a248f2";

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

VvarState ReadyRng(std::uint64_t generation = 7) {
  VvarState s;
  s.layout.generation = Generation::kLinux7_2;
  s.rng.generation = generation;
  s.rng.is_ready = 1;
  return s;
}

// A state in step with the kernel (generation 7), zero key, the batch holding bytes 0..95 with
// `pos` bytes already used.
GetrandomCall CallWithState(std::uint64_t len, std::uint8_t pos) {
  GetrandomCall call;
  call.len = len;
  call.state.generation = 7;
  call.state.pos = pos;
  for (std::size_t i = 0; i < kVgetrandomBatchSize; ++i) {
    call.state.batch_key[i] = static_cast<std::uint8_t>(i);
  }
  return call;
}

TEST(Getrandom, OnlyLinux72HasTheEntryPoint) {
  // 6.1/6.12 riscv Kconfig does not select VDSO_GETRANDOM; vdso.lds.S lists it from 6.16.
  for (Generation g : {Generation::kLinux6_1, Generation::kLinux6_12}) {
    VvarState s = ReadyRng();
    s.layout.generation = g;
    EXPECT_EQ(ModelVdsoGetrandom(s, CallWithState(8, 96)).route, GetrandomRoute::kNoEntryPoint)
        << GenerationName(g);
  }
  EXPECT_NE(ModelVdsoGetrandom(ReadyRng(), CallWithState(8, 96)).route,
            GetrandomRoute::kNoEntryPoint);
}

TEST(Getrandom, OpaqueParamsQuery) {
  // buffer NULL, len 0, flags 0, opaque_len ~0UL: params = {sizeof(struct vgetrandom_state)=144,
  // PROT_READ|PROT_WRITE = 3, MAP_DROPPABLE|MAP_ANONYMOUS = 0x08|0x20 = 0x28, reserved 0}; even
  // when the RNG is not ready (the query comes first).
  VvarState s = ReadyRng();
  s.rng.is_ready = 0;
  GetrandomCall call;
  call.buffer_is_null = true;
  call.opaque_len = kOpaqueLenQuery;
  const GetrandomResult r = ModelVdsoGetrandom(s, call);
  ASSERT_EQ(r.route, GetrandomRoute::kParamsReturned);
  EXPECT_EQ(r.return_value, 0);
  ASSERT_TRUE(r.params.has_value());
  EXPECT_EQ(r.params->size_of_opaque_state, 144u);
  EXPECT_EQ(r.params->mmap_prot, 3u);
  EXPECT_EQ(r.params->mmap_flags, 0x28u);
  EXPECT_EQ(Hex(EncodeOpaqueParams(*r.params)),
            "900000000300000028000000" + std::string(2 * 52, '0'));
}

TEST(Getrandom, QueryNeedsEveryConditionElseFallsBack) {
  // opaque_len ~0UL but flags 1: not a query; gate 4 (opaque_len != 144) -> syscall
  // getrandom(NULL, 0, 1), which returns 0 for len 0 when the RNG is ready.
  GetrandomCall call;
  call.buffer_is_null = true;
  call.opaque_len = kOpaqueLenQuery;
  call.flags = kGrndNonblock;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, GetrandomFallbackReason::kWrongOpaqueLen)
      << GetrandomFallbackReasonName(r.reason);
  EXPECT_EQ(r.fallback_return, 0);
}

TEST(Getrandom, StateStraddlingAPageIsEfault) {
  // (addr & ~PAGE_MASK) + 144 > 4096: offset 3953 -> 4097 -> -EFAULT; offset 3952 -> 4096 passes.
  GetrandomCall call = CallWithState(0, 96);
  call.opaque_state_address = 0x7000 + 3953;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(r.return_value, -14);
  call.opaque_state_address = 0x7000 + 3952;
  EXPECT_EQ(ModelVdsoGetrandom(ReadyRng(), call).return_value, 0);
}

TEST(Getrandom, UnknownFlagsFallBackAndSyscallSaysEinval) {
  // flags 8 is outside NONBLOCK|RANDOM|INSECURE: gate 3 -> syscall, which rejects it: -EINVAL.
  GetrandomCall call = CallWithState(16, 96);
  call.flags = 8;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, GetrandomFallbackReason::kUnexpectedFlags);
  EXPECT_EQ(r.fallback_return, -22);
  EXPECT_EQ(r.state_after, call.state) << "the fallback leaves the state alone";
}

TEST(Getrandom, RandomPlusInsecureIsAnsweredWhereSyscallRejects) {
  // Divergence: flags 6 passes gate 3, so the vDSO produces bytes; the syscall's second check
  // ((flags & (INSECURE|RANDOM)) == both) returns -EINVAL.
  GetrandomCall call = CallWithState(4, 0);
  call.flags = kGrndRandom | kGrndInsecure;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(r.return_value, 4);
  EXPECT_EQ(PredictGetrandomSyscall(ReadyRng().rng, false, 4, call.flags), -22);
}

TEST(Getrandom, WrongOpaqueLenFallsBack) {
  // opaque_len 143 and 145 != sizeof(struct vgetrandom_state) -> syscall.
  for (std::uint64_t opaque_len : {143u, 145u}) {
    GetrandomCall call = CallWithState(16, 96);
    call.opaque_len = opaque_len;
    const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
    EXPECT_EQ(r.reason, GetrandomFallbackReason::kWrongOpaqueLen) << "opaque_len " << opaque_len;
    EXPECT_EQ(r.fallback_return, 16);
  }
}

TEST(Getrandom, NotReadyFallsBackEvenForZeroLength) {
  // is_ready 0 -> syscall, checked before `if (!len) return 0`. The syscall: not ready, no
  // INSECURE: NONBLOCK -> -EAGAIN; blocking -> unknown (waits); INSECURE -> returns len.
  VvarState s = ReadyRng();
  s.rng.is_ready = 0;
  GetrandomCall call = CallWithState(0, 96);
  call.flags = kGrndNonblock;
  GetrandomResult r = ModelVdsoGetrandom(s, call);
  EXPECT_EQ(r.reason, GetrandomFallbackReason::kRngNotReady)
      << GetrandomFallbackReasonName(r.reason);
  EXPECT_EQ(r.fallback_return, -11);
  call.flags = 0;
  EXPECT_EQ(ModelVdsoGetrandom(s, call).fallback_return, std::nullopt);
  call.flags = kGrndInsecure;
  call.len = 10;
  EXPECT_EQ(ModelVdsoGetrandom(s, call).fallback_return, 10);
}

TEST(Getrandom, ZeroLengthWhenReadyReturnsZeroWithoutTouchingState) {
  // `if (!len) return 0` precedes the in_use check: even an in-use, stale state is untouched.
  GetrandomCall call = CallWithState(0, 10);
  call.state.in_use = 1;
  call.state.generation = 1;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(r.return_value, 0);
  EXPECT_EQ(r.state_after, call.state);
}

TEST(Getrandom, InUseStateFallsBack) {
  GetrandomCall call = CallWithState(8, 0);
  call.state.in_use = 1;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.reason, GetrandomFallbackReason::kStateInUse)
      << GetrandomFallbackReasonName(r.reason);
  EXPECT_EQ(r.state_after, call.state);
}

TEST(Getrandom, BatchBytesAreServedThenZeroed) {
  // pos 10, len 5: batch_len = min(96 - 10, 5) = 5 -> bytes 10..14 out, zeroed in the batch,
  // pos 15, len 0 -> in_use 0, return 5. No ChaCha20 at all.
  const GetrandomCall call = CallWithState(5, 10);
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  ASSERT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(r.return_value, 5);
  EXPECT_EQ(Hex(r.output), "0a0b0c0d0e");
  EXPECT_EQ(r.state_after.pos, 15);
  EXPECT_EQ(r.state_after.in_use, 0);
  for (std::size_t i = 10; i < 15; ++i) EXPECT_EQ(r.state_after.batch_key[i], 0) << "byte " << i;
  EXPECT_EQ(r.state_after.batch_key[15], 15);
}

TEST(Getrandom, BatchTailThenRefill) {
  // pos 90, len 10, zero key: 6 batch bytes (90..95), pos 96, len 4; nblocks 0; refill with
  // counter 0: batch_key = block0 || block1; pos 0; 4 bytes from block0 (76b8e0ad); pos 4.
  // New key = batch_key[96..128) = block1 bytes 32..63.
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), CallWithState(10, 90));
  ASSERT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(Hex(r.output), "5a5b5c5d5e5f76b8e0ad");
  EXPECT_EQ(r.state_after.pos, 4);
  EXPECT_EQ(Hex(r.state_after.KeyBytes()), kZeroKeyBlock1.substr(64));
  EXPECT_EQ(Hex(std::span(r.state_after.batch_key).first(4)), "00000000") << "served bytes zeroed";
  EXPECT_EQ(Hex(std::span(r.state_after.batch_key).subspan(4, 60)), kZeroKeyBlock0.substr(8));
}

TEST(Getrandom, WholeBlocksGoStraightToTheBuffer) {
  // pos 96 (empty batch), len 100: batch_len 0; nblocks = 100 / 64 = 1 -> block0 into the
  // buffer, counter 1; refill blocks 1 and 2; 36 bytes from block1. Key = block2[32..64).
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), CallWithState(100, 96));
  ASSERT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_EQ(r.return_value, 100);
  EXPECT_EQ(Hex(r.output), kZeroKeyBlock0 + kZeroKeyBlock1.substr(0, 72));
  EXPECT_EQ(r.state_after.pos, 36);
  EXPECT_EQ(Hex(r.state_after.KeyBytes()), kZeroKeyBlock2.substr(64));
}

TEST(Getrandom, GenerationMismatchReseedsFromTheSyscall) {
  // state generation 5, kernel 7: generation := 7, key := getrandom(key, 32, 0) (here 32 zero
  // bytes), pos := 96; then as WholeBlocksGoStraightToTheBuffer with len 64: block0 exactly,
  // then a refill (blocks 1, 2), pos 0.
  GetrandomCall call = CallWithState(64, 3);
  call.state.generation = 5;
  call.state.batch_key[100] = 0xee;  // an old key byte that the reseed must replace
  call.reseed_key = std::array<std::uint8_t, kChachaKeySize>{};
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(7), call);
  ASSERT_EQ(r.route, GetrandomRoute::kVdsoAnswered);
  EXPECT_TRUE(r.reseeded);
  EXPECT_EQ(r.state_after.generation, 7u);
  EXPECT_EQ(Hex(r.output), kZeroKeyBlock0);
  EXPECT_EQ(r.state_after.pos, 0);
  EXPECT_EQ(Hex(r.state_after.KeyBytes()), kZeroKeyBlock2.substr(64));
}

TEST(Getrandom, FailedReseedInvalidatesTheState) {
  // getrandom(key, 32, 0) != 32: generation := 0, in_use := 0, then the full fallback.
  GetrandomCall call = CallWithState(16, 3);
  call.state.generation = 5;
  call.reseed_key = std::nullopt;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(7), call);
  EXPECT_EQ(r.route, GetrandomRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, GetrandomFallbackReason::kReseedFailed);
  EXPECT_EQ(r.state_after.generation, 0u);
  EXPECT_EQ(r.state_after.in_use, 0);
  EXPECT_TRUE(r.reseeded);
}

TEST(Getrandom, HugeLengthIsClampedToMaxRwCount) {
  // ret = min(INT_MAX & PAGE_MASK, len) = 0x7ffff000 for len 2^40; the model declines to
  // materialise 2 GiB and says so.
  const GetrandomResult r =
      ModelVdsoGetrandom(ReadyRng(), CallWithState(std::uint64_t{1} << 40, 96));
  EXPECT_EQ(r.route, GetrandomRoute::kInvalidInput);
  EXPECT_NE(r.error.find("2147479552"), std::string::npos) << r.error;
}

TEST(Getrandom, PosBeyondBatchIsOutsideTheModel) {
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), CallWithState(4, 97));
  EXPECT_EQ(r.route, GetrandomRoute::kInvalidInput);
  EXPECT_NE(r.error.find("97"), std::string::npos) << r.error;
}

TEST(Getrandom, NullBufferFaultsAfterTheStateIsClaimed) {
  GetrandomCall call = CallWithState(4, 0);
  call.buffer_is_null = true;
  const GetrandomResult r = ModelVdsoGetrandom(ReadyRng(), call);
  EXPECT_EQ(r.route, GetrandomRoute::kFaults);
  EXPECT_EQ(r.state_after.in_use, 1) << "in_use stays set: the state is stuck in use";
}

TEST(Getrandom, StateCodecLayout) {
  // generation at 128 (little-endian), pos at 136, in_use at 137, padding to 144.
  VgetrandomState s;
  s.batch_key[0] = 0x11;
  s.batch_key[127] = 0x22;
  s.generation = 0x0102030405060708;
  s.pos = 96;
  s.in_use = 1;
  const auto bytes = EncodeVgetrandomState(s);
  EXPECT_EQ(bytes[0], 0x11);
  EXPECT_EQ(bytes[127], 0x22);
  EXPECT_EQ(Hex(std::span(bytes).subspan(128)), "08070605040302016001000000000000");
  EXPECT_EQ(DecodeVgetrandomState(bytes), s);
}

}  // namespace
}  // namespace vdsoconf::ref
