// What __vdso_getrandom does, for given vvar rng data, arguments and opaque state.
//
// Models lib/vdso/getrandom.c __cvdso_getrandom_data as built for RISC-V in 7.2 (the RISC-V
// vDSO has getrandom from 6.16; 6.1 and 6.12 RISC-V kernels do not select VDSO_GETRANDOM and
// export no __vdso_getrandom). Generation kLinux7_2 reads VvarState::rng (vvar page 2, not
// swapped by time namespaces); the other generations answer kNoEntryPoint.
//
// The gates, in the code's order:
//   1. opaque_len == ~0UL, buffer NULL, len 0, flags 0: write struct vgetrandom_opaque_params
//      {144, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS, 0...} to opaque_state, return 0.
//   2. (opaque_state & 4095) + 144 > 4096 (the state straddles a page): return -EFAULT.
//   3. flags outside GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE: getrandom syscall.
//   4. opaque_len != 144: getrandom syscall.
//   5. rng->is_ready == 0: getrandom syscall.
//   6. len == 0: return 0 (the state is not touched).
//   7. state->in_use: getrandom syscall. Else in_use = 1.
//   8. state->generation != rng->generation: generation = rng->generation, then the key is
//      refilled by getrandom(state->key, 32, 0); if that does not return 32, generation = 0,
//      in_use = 0 and getrandom syscall. Else pos = 96.
//   9. Output min(len, MAX_RW_COUNT = 0x7ffff000) bytes: first the unused batch bytes (zeroed
//      as they are copied), then whole ChaCha20 blocks straight into the buffer, then a refill of
//      batch+key (two blocks, counter continuing; the new key is the second block's last 32
//      bytes), and the rest from the new batch. The block counter starts at 0 on every call.
//      in_use = 0, return the count.
// The fallback is the ecall getrandom(buffer, len, flags) with the caller's original arguments.
//
// Known divergence: flags GRND_RANDOM|GRND_INSECURE (6) pass gate 3, so with a ready RNG the vDSO
// returns bytes where the syscall returns -EINVAL.
//
// Not modelled: concurrency (the kernel reseeding during the call, which the code's retry loop
// handles; a sequential model never takes it), MAP_DROPPABLE pages being zeroed mid-call, and
// buffers that overlap the state.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/chacha20.h"
#include "vdsoconf/reference/linux_errno.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

inline constexpr int kSyscallGetrandom = 278;                        // __NR_getrandom (asm-generic)
inline constexpr std::uint32_t kGrndNonblock = 0x1;                  // GRND_NONBLOCK
inline constexpr std::uint32_t kGrndRandom = 0x2;                    // GRND_RANDOM
inline constexpr std::uint32_t kGrndInsecure = 0x4;                  // GRND_INSECURE
inline constexpr std::uint64_t kMaxRwCount = 0x7ffff000;             // INT_MAX & PAGE_MASK
inline constexpr std::uint64_t kOpaqueLenQuery = ~std::uint64_t{0};  // opaque_len == ~0UL
inline constexpr std::size_t kVgetrandomStateSize = 144;  // sizeof(struct vgetrandom_state)
inline constexpr std::size_t kVgetrandomBatchSize = 96;   // CHACHA_BLOCK_SIZE * 3 / 2
inline constexpr std::size_t kVgetrandomParamsSize = 64;  // sizeof(vgetrandom_opaque_params)

// struct vgetrandom_state (include/vdso/getrandom.h), 144 bytes on 64-bit:
// batch_key[128] at 0 (batch[96] then key[8 x u32]), generation u64 at 128, pos u8 at 136,
// in_use bool at 137, 6 bytes of padding.
struct VgetrandomState {
  std::array<std::uint8_t, 2 * kChachaBlockSize> batch_key{};
  std::uint64_t generation = 0;
  std::uint8_t pos = 0;
  std::uint8_t in_use = 0;

  std::span<const std::uint8_t, kChachaKeySize> KeyBytes() const {
    return std::span<const std::uint8_t, kChachaKeySize>(batch_key.data() + kVgetrandomBatchSize,
                                                         kChachaKeySize);
  }
  friend bool operator==(const VgetrandomState&, const VgetrandomState&) = default;
};

// The state's bytes as the vDSO sees them in memory (little-endian, padding zero).
std::array<std::uint8_t, kVgetrandomStateSize> EncodeVgetrandomState(const VgetrandomState& state);
// Padding bytes are ignored.
VgetrandomState DecodeVgetrandomState(std::span<const std::uint8_t, kVgetrandomStateSize> bytes);

// struct vgetrandom_opaque_params (include/uapi/linux/random.h).
struct VgetrandomOpaqueParams {
  std::uint32_t size_of_opaque_state = 0;
  std::uint32_t mmap_prot = 0;
  std::uint32_t mmap_flags = 0;
  std::array<std::uint32_t, 13> reserved{};

  friend bool operator==(const VgetrandomOpaqueParams&, const VgetrandomOpaqueParams&) = default;
};
// What the query writes: {144, 0x3, 0x28, zeros} (PROT_READ|PROT_WRITE, MAP_DROPPABLE 0x08 |
// MAP_ANONYMOUS 0x20).
VgetrandomOpaqueParams ExpectedOpaqueParams();
std::array<std::uint8_t, kVgetrandomParamsSize> EncodeOpaqueParams(const VgetrandomOpaqueParams& p);

// One call. Pointers are represented by what the model needs: NULL-ness of `buffer`, the address
// of `opaque_state` (its page offset decides gate 2; 0 is NULL) and the state's contents.
struct GetrandomCall {
  bool buffer_is_null = false;
  std::uint64_t len = 0;
  std::uint32_t flags = 0;
  std::uint64_t opaque_state_address = 0x1000;
  std::uint64_t opaque_len = kVgetrandomStateSize;
  VgetrandomState state;
  // What the kernel's getrandom(key, 32, 0) gives when the vDSO reseeds (gate 8): 32 bytes, or
  // nullopt for "returned something other than 32". The model cannot know kernel randomness, and
  // the state read back after a call does not reveal it (the refill overwrites the key), so a
  // caller that wants predictable bytes gives a state whose generation equals rng.generation
  // (no reseed), or intercepts the syscall and supplies its bytes here.
  std::optional<std::array<std::uint8_t, kChachaKeySize>> reseed_key;
};

enum class GetrandomRoute : std::uint8_t {
  kNoEntryPoint,     // no __vdso_getrandom in this generation
  kInvalidInput,     // outside what the model covers (see `error`)
  kParamsReturned,   // gate 1: `params` written, return 0
  kVdsoAnswered,     // the vDSO returned `return_value` (-EFAULT, 0, or a byte count) itself
  kSyscallFallback,  // the vDSO ended with getrandom(buffer, len, flags)
  kFaults,           // the vDSO dereferences a NULL pointer (`error` says which)
};

enum class GetrandomFallbackReason : std::uint8_t {
  kNone,
  kUnexpectedFlags,  // gate 3
  kWrongOpaqueLen,   // gate 4
  kRngNotReady,      // gate 5
  kStateInUse,       // gate 7
  kReseedFailed,     // gate 8
};
std::string_view GetrandomFallbackReasonName(GetrandomFallbackReason reason);

// The getrandom syscall's return for the fallback's arguments, when the vvar rng data decides
// it (assumes is_ready mirrors the kernel's crng_ready()). nullopt: it blocks until the RNG is
// ready, or the count depends on signals.
std::optional<std::int64_t> PredictGetrandomSyscall(const VdsoRngData& rng, bool buffer_is_null,
                                                    std::uint64_t len, std::uint32_t flags);

struct GetrandomResult {
  GetrandomRoute route = GetrandomRoute::kInvalidInput;
  std::string error;                 // kInvalidInput, kFaults
  std::int64_t return_value = 0;     // kParamsReturned, kVdsoAnswered
  std::vector<std::uint8_t> output;  // kVdsoAnswered: the bytes written to buffer[0 .. ret)
  VgetrandomState state_after;       // the opaque state after the call (or at the fault)
  std::optional<VgetrandomOpaqueParams> params;  // kParamsReturned
  bool reseeded = false;                         // the vDSO issued getrandom(state->key, 32, 0)
  GetrandomFallbackReason reason = GetrandomFallbackReason::kNone;
  std::optional<std::int64_t> fallback_return;  // kSyscallFallback: PredictGetrandomSyscall
};

// Models __vdso_getrandom(buffer, len, flags, opaque_state, opaque_len) on `state`.
//
// The model produces the output in memory, so it refuses (kInvalidInput) outputs of more than
// kMaxModelledOutput bytes; and a state whose pos exceeds 96 when bytes are taken from the batch
// (the vDSO would then copy from memory past the batch).
inline constexpr std::uint64_t kMaxModelledOutput = 64u << 20;
GetrandomResult ModelVdsoGetrandom(const VvarState& state, const GetrandomCall& call);

}  // namespace vdsoconf::ref
