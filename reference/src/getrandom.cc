#include "vdsoconf/reference/getrandom.h"

#include <algorithm>

namespace vdsoconf::ref {
namespace {

constexpr std::uint64_t kPageSize4k = 4096;  // CONFIG_PAGE_SHIFT 12 on RISC-V
constexpr std::uint32_t kProtReadWrite = 0x1 | 0x2;
constexpr std::uint32_t kMapDroppableAnonymous = 0x08 | 0x20;
constexpr std::uint32_t kKnownFlags = kGrndNonblock | kGrndRandom | kGrndInsecure;

GetrandomResult Route(GetrandomRoute route, const VgetrandomState& state) {
  GetrandomResult r;
  r.route = route;
  r.state_after = state;
  return r;
}

GetrandomResult Fallback(GetrandomFallbackReason reason, const VvarState& vvar,
                         const GetrandomCall& call, const VgetrandomState& state) {
  GetrandomResult r = Route(GetrandomRoute::kSyscallFallback, state);
  r.reason = reason;
  r.fallback_return = PredictGetrandomSyscall(vvar.rng, call.buffer_is_null, call.len, call.flags);
  return r;
}

GetrandomResult Faults(std::string what, const VgetrandomState& state) {
  GetrandomResult r = Route(GetrandomRoute::kFaults, state);
  r.error = std::move(what);
  return r;
}

GetrandomResult Invalid(std::string what, const VgetrandomState& state) {
  GetrandomResult r = Route(GetrandomRoute::kInvalidInput, state);
  r.error = std::move(what);
  return r;
}

void PutLe(std::uint8_t* out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t GetLe(const std::uint8_t* in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return v;
}

// Gate 9 onwards, from `len = ret` to the return: the batch/block loop of __cvdso_getrandom_data.
// Requires ret > 0 and state.pos <= 96 whenever the batch is read (checked by the caller for the
// first read; afterwards pos is always within the batch).
void FillOutput(VgetrandomState& state, std::uint64_t ret, std::vector<std::uint8_t>& out) {
  out.assign(static_cast<std::size_t>(ret), 0);
  std::size_t written = 0;
  std::size_t len = out.size();
  std::uint64_t counter = 0;  // `u32 counter[2] = { 0 }`: every call starts at block 0
  for (;;) {
    const std::size_t batch_len = std::min<std::size_t>(kVgetrandomBatchSize - state.pos, len);
    for (std::size_t i = 0; i < batch_len; ++i) {  // memcpy_and_zero_src
      out[written + i] = state.batch_key[state.pos + i];
      state.batch_key[state.pos + i] = 0;
    }
    state.pos = static_cast<std::uint8_t>(state.pos + batch_len);
    written += batch_len;
    len -= batch_len;
    if (len == 0) return;

    const ChachaKeyWords key = ChachaKeyFromBytes(state.KeyBytes());
    const std::size_t nblocks = len / kChachaBlockSize;
    if (nblocks > 0) {
      VdsoChachaBlocks(std::span(out).subspan(written, nblocks * kChachaBlockSize), key, counter,
                       nblocks);
      written += nblocks * kChachaBlockSize;
      len -= nblocks * kChachaBlockSize;
    }
    // The refill overwrites the key it reads; the assembly loads every key word of a block
    // before storing that block, so the refill is ChaCha20 under the old key (`key` above).
    VdsoChachaBlocks(state.batch_key, key, counter, 2);
    state.pos = 0;
  }
}

}  // namespace

std::array<std::uint8_t, kVgetrandomStateSize> EncodeVgetrandomState(const VgetrandomState& state) {
  std::array<std::uint8_t, kVgetrandomStateSize> bytes{};
  std::copy(state.batch_key.begin(), state.batch_key.end(), bytes.begin());
  PutLe(&bytes[128], state.generation, 8);
  bytes[136] = state.pos;
  bytes[137] = state.in_use;
  return bytes;
}

VgetrandomState DecodeVgetrandomState(std::span<const std::uint8_t, kVgetrandomStateSize> bytes) {
  VgetrandomState state;
  std::copy(bytes.begin(), bytes.begin() + 128, state.batch_key.begin());
  state.generation = GetLe(&bytes[128], 8);
  state.pos = bytes[136];
  state.in_use = bytes[137];
  return state;
}

VgetrandomOpaqueParams ExpectedOpaqueParams() {
  VgetrandomOpaqueParams p;
  p.size_of_opaque_state = static_cast<std::uint32_t>(kVgetrandomStateSize);
  p.mmap_prot = kProtReadWrite;
  p.mmap_flags = kMapDroppableAnonymous;
  return p;
}

std::array<std::uint8_t, kVgetrandomParamsSize> EncodeOpaqueParams(
    const VgetrandomOpaqueParams& p) {
  std::array<std::uint8_t, kVgetrandomParamsSize> bytes{};
  PutLe(&bytes[0], p.size_of_opaque_state, 4);
  PutLe(&bytes[4], p.mmap_prot, 4);
  PutLe(&bytes[8], p.mmap_flags, 4);
  for (std::size_t i = 0; i < p.reserved.size(); ++i) PutLe(&bytes[12 + 4 * i], p.reserved[i], 4);
  return bytes;
}

std::string_view GetrandomFallbackReasonName(GetrandomFallbackReason reason) {
  switch (reason) {
    case GetrandomFallbackReason::kNone:
      return "none";
    case GetrandomFallbackReason::kUnexpectedFlags:
      return "unexpected-flags";
    case GetrandomFallbackReason::kWrongOpaqueLen:
      return "wrong-opaque-len";
    case GetrandomFallbackReason::kRngNotReady:
      return "rng-not-ready";
    case GetrandomFallbackReason::kStateInUse:
      return "state-in-use";
    case GetrandomFallbackReason::kReseedFailed:
      return "reseed-failed";
  }
  return "unknown";
}

std::optional<std::int64_t> PredictGetrandomSyscall(const VdsoRngData& rng, bool buffer_is_null,
                                                    std::uint64_t len, std::uint32_t flags) {
  // SYSCALL_DEFINE3(getrandom) in drivers/char/random.c, in its order.
  if (flags & ~kKnownFlags) return -kEinval;
  if ((flags & (kGrndInsecure | kGrndRandom)) == (kGrndInsecure | kGrndRandom)) return -kEinval;
  if (rng.is_ready == 0 && !(flags & kGrndInsecure)) {
    if (flags & kGrndNonblock) return -kEagain;
    return std::nullopt;  // wait_for_random_bytes(): blocks
  }
  if (len == 0) return 0;
  if (buffer_is_null) return -kEfault;  // nothing copied
  // import_ubuf clamps to MAX_RW_COUNT. get_random_bytes_user stops early on a pending signal,
  // but only checks after each full page with more to copy: up to one page the count is certain.
  const std::uint64_t count = std::min(len, kMaxRwCount);
  if (count > kPageSize4k) return std::nullopt;
  return static_cast<std::int64_t>(count);
}

GetrandomResult ModelVdsoGetrandom(const VvarState& vvar, const GetrandomCall& call) {
  VgetrandomState state = call.state;
  if (vvar.layout.generation != Generation::kLinux7_2) {
    return Route(GetrandomRoute::kNoEntryPoint, state);
  }
  const bool state_is_null = call.opaque_state_address == 0;

  // Gate 1: the opaque-params query.
  if (call.opaque_len == kOpaqueLenQuery && call.buffer_is_null && call.len == 0 &&
      call.flags == 0) {
    if (state_is_null) return Faults("the params query writes through a NULL opaque_state", state);
    GetrandomResult r = Route(GetrandomRoute::kParamsReturned, state);
    r.params = ExpectedOpaqueParams();
    r.return_value = 0;
    return r;
  }
  // Gate 2: the state must not straddle a page.
  if ((call.opaque_state_address & (kPageSize4k - 1)) + kVgetrandomStateSize > kPageSize4k) {
    GetrandomResult r = Route(GetrandomRoute::kVdsoAnswered, state);
    r.return_value = -kEfault;
    return r;
  }
  if (call.flags & ~kKnownFlags) {
    return Fallback(GetrandomFallbackReason::kUnexpectedFlags, vvar, call, state);
  }
  if (call.opaque_len != kVgetrandomStateSize) {
    return Fallback(GetrandomFallbackReason::kWrongOpaqueLen, vvar, call, state);
  }
  if (vvar.rng.is_ready == 0)
    return Fallback(GetrandomFallbackReason::kRngNotReady, vvar, call, state);
  if (call.len == 0) {
    GetrandomResult r = Route(GetrandomRoute::kVdsoAnswered, state);
    r.return_value = 0;
    return r;
  }
  if (state_is_null) return Faults("reads in_use through a NULL opaque_state", state);
  if (state.in_use != 0) return Fallback(GetrandomFallbackReason::kStateInUse, vvar, call, state);
  state.in_use = 1;

  bool reseeded = false;
  if (state.generation != vvar.rng.generation) {
    state.generation = vvar.rng.generation;
    reseeded = true;
    if (!call.reseed_key.has_value()) {
      state.generation = 0;
      state.in_use = 0;
      GetrandomResult r = Fallback(GetrandomFallbackReason::kReseedFailed, vvar, call, state);
      r.reseeded = true;
      return r;
    }
    std::copy(call.reseed_key->begin(), call.reseed_key->end(),
              state.batch_key.begin() + kVgetrandomBatchSize);
    state.pos = static_cast<std::uint8_t>(kVgetrandomBatchSize);
  }

  const std::uint64_t ret = std::min(call.len, kMaxRwCount);
  if (call.buffer_is_null) {
    GetrandomResult r = Faults("writes random bytes through a NULL buffer", state);
    r.reseeded = reseeded;
    return r;
  }
  if (ret > kMaxModelledOutput) {
    return Invalid("output of " + std::to_string(ret) + " bytes exceeds the model's limit of " +
                       std::to_string(kMaxModelledOutput),
                   call.state);
  }
  if (state.pos > kVgetrandomBatchSize) {
    return Invalid("state pos " + std::to_string(state.pos) +
                       " is beyond the 96-byte batch: the vDSO would copy from past the batch",
                   call.state);
  }
  GetrandomResult r = Route(GetrandomRoute::kVdsoAnswered, state);
  r.reseeded = reseeded;
  FillOutput(r.state_after, ret, r.output);
  r.state_after.in_use = 0;
  r.return_value = static_cast<std::int64_t>(ret);
  return r;
}

}  // namespace vdsoconf::ref
