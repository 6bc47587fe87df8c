// The byte protocol between the host (vdsoconf_riscv_executor) and the riscv64 executor program
// running under qemu-riscv64, over the program's stdin/stdout. Shared verbatim by both sides.
//
// Frames, little-endian:   u32 magic | u32 kind | u64 payload length | payload
// Requests use kRequestMagic, responses kResponseMagic. The executor reads a whole request
// before it writes anything, and answers each request with exactly one response, so neither
// side can deadlock on full pipes.
//
// kLoad      u32 vvar_pages | u32 region_pages | u32 stub_offset | u32 stub_stride
//            | u32 data_offset | u32 site_count | site_count x (u32 kind, u32 address)
//            | u64 length, patched region bytes (region_pages * 4096)
//            | u64 length, original image bytes (unpatched; for the bare loop)
//   reply:   u64 image address | u64 vvar address
// kBatch     u32 call count | calls (below)
//   reply:   u32 result count | results (below)
// kSweep     one call (below; its counter values are ignored) | u32 n | n x u64 counter
//            (the call runs n times, run i reading counter[i] at every counter read; vvar
//            changes apply once, injections to every run)
//   reply:   u32 result count | results
// kCheckedSweep  one call (its counter values are ignored) | u64 counter base | u64 counter step
//            | u32 n | u32 record size | u32 has counter list (0/1) | u32 has vvar patches (0/1)
//            | u32 has expected ecall (0/1)
//            | [expected ecall: u64 number | 6 x u64 argument | 6 x u32 EcallArgKind]
//            | u32 padding (0-7) | that many zero bytes
//            | [counter list: n x u64] | [vvar patches: n x VvarPatch]
//            | n x expected record (below; the padding puts the lists and the first record at
//            payload offsets that are multiples of 8, so the executor reads and compares whole
//            aligned words)
//            (with patches, run i changes the live vvar by patch i and gets the baseline back
//            after the run: one field's bytes perturbed per run, without a request per run)
//            (run i reads base + i * step, modulo 2^64, or with a list list[i] (base and step
//            ignored), at every counter read; the executor compares each run with record i itself
//            and, when an ecall is expected, the first ecall of every run that makes one with it;
//            it answers only for runs that differ)
//   reply:   u32 n | u32 mismatch count | mismatches: u32 run index | result (below)
// kCheckedSweeps  u32 count | count x (the payload of a kCheckedSweep, its padding counted from
//            the start of this payload)
//            (the sweeps run in order, as if sent one by one)
//   reply:   u32 count | count x (the reply of a kCheckedSweep)
// kBareLoop  u64 entry offset | u64 arg0 | u64 arg1 | u64 iterations
//            (runs the unpatched image in a plain loop, real rdtime, current vvar baseline;
//            arg1 0 means "a buffer of 64 bytes"; then the same loop on the patched image)
//   reply:   u64 bare elapsed ns | u64 bare last return | u64 patched elapsed ns
// kQuit      (no payload) reply: empty
//
// Call:     u64 entry offset (from the image base) | u32 watchdog ms | u32 spin pauses (0: no
//           limit; else a run that pauses more often ends as kHang) | u64 syscall return
//           | u32 arg count (<= 6) | args: u32 kind (ArgKind), u64 value
//           | u32 has full vvar | [vvar_pages * 4096 bytes: new baseline]
//           | u32 write count | writes: u32 offset, u32 length, bytes (baseline, persistent)
//           | u32 counter value count | u64 values (read i returns values[min(i, n-1)]; none: 0)
//           | u32 injection count | injections: u32 trigger (Trigger), u32 nth (1-based),
//             u32 offset, u32 length, bytes (applied to the live vvar only; undone after the call)
// Expected record (kCheckedSweep): u64 return value | u32 ecall count
//           | u32 counter reads (kAnyCount: not compared) | the output buffers' bytes, in order
//           (record size = 16 + the sum of the call's output buffer sizes). A run matches when it
//           returned (no fault, no hang) and every field and byte is equal.
// Result:   u32 outcome (Outcome, bits 0-7) | buffer count (bits 8-15)
//           | u32 counter reads | u32 pauses | u32 ecall count
//           | u64 return value (a0; 0 unless kReturned)
//           | [kFault only: i32 signal | i32 si_code | u64 fault address | u64 pc]
//           | ecalls: u64 nr (a7), u64 a0..a5 | buffers: u32 length, bytes
//           A returned call without ecalls costs 24 bytes plus its buffers: the reply of a
//           batch crosses qemu-user's write() and a pipe, whose cost grows with its size.
#pragma once

#include <cstdint>

namespace vdsoconf::riscv::protocol {

inline constexpr std::uint32_t kRequestMagic = 0x51524456;   // "VDRQ"
inline constexpr std::uint32_t kResponseMagic = 0x53524456;  // "VDRS"
inline constexpr std::uint32_t kPageSize = 4096;
inline constexpr std::uint32_t kMaxArgs = 6;
inline constexpr std::uint32_t kMaxBufferBytes = 1 << 20;
// Size of an expected record without its buffer bytes (kCheckedSweep).
inline constexpr std::uint32_t kExpectedHeadBytes = 16;
// An expected counter-read count that is not compared.
inline constexpr std::uint32_t kAnyCount = 0xffffffff;
// Filled into output buffers before a call, so bytes the vDSO did not write are visible.
inline constexpr std::uint8_t kBufferFill = 0xa5;

// Stub geometry (patcher.h), shared because the executor finds the site of a trampoline call
// from the return address: stub k starts at stub_offset + k * kStubStride and its call to the
// trampoline returns to kStubReturnOffset within it.
inline constexpr std::uint32_t kStubStride = 104;
inline constexpr std::uint32_t kStubReturnOffset = 80;
// The data page after the image (offset `data_offset` in kLoad; mapped read-write):
//   +0  u64 &vdsoconf_trampoline
//   +8  u64 fast-counter flag: nonzero = counter reads take the value below without calling
//       the trampoline (one value, no injection at counter reads)
//   +16 u64 the value
//   +24 u64 reads served on the fast path
inline constexpr std::uint32_t kDataTrampoline = 0;
inline constexpr std::uint32_t kDataFastFlag = 8;
inline constexpr std::uint32_t kDataFastValue = 16;
inline constexpr std::uint32_t kDataFastReads = 24;

enum class Kind : std::uint32_t {
  kLoad = 1,
  kBatch = 2,
  kBareLoop = 3,
  kQuit = 4,
  kSweep = 5,
  kCheckedSweep = 6,
  kCheckedSweeps = 7,
  kError = 99,
};

enum class SiteKind : std::uint32_t { kCounterRead = 0, kEcall = 1, kPause = 2 };

enum class ArgKind : std::uint32_t {
  kValue = 0,         // the value itself
  kOutputBuffer = 1,  // a fresh buffer of `value` bytes, returned in the result
  kVvarAddress = 2,   // vvar start + value (a pointer into the data pages)
  kImageAddress = 3,  // image base + value
};

// A change of the live vvar for one run of a checked sweep: bytes [offset, offset + length)
// become (byte & and_mask) ^ xor_mask (flip: 0xff, 0xff; zero: 0, 0). 8 bytes, no padding.
struct VvarPatch {
  std::uint32_t offset = 0;
  std::uint16_t length = 0;
  std::uint8_t and_mask = 0xff;
  std::uint8_t xor_mask = 0;
};
static_assert(sizeof(VvarPatch) == 8);

// What an expected ecall (kCheckedSweep) says of one argument register.
enum class EcallArgKind : std::uint32_t {
  kAny = 0,      // not compared
  kExact = 1,    // equals the value
  kNull = 2,     // is 0
  kNonNull = 3,  // is not 0 (a pointer the host does not know)
};

enum class Trigger : std::uint32_t {
  kCounterRead = 0,  // at the nth counter read, before its value is returned
  kPause = 1,        // at the nth pause (cpu_relax in the seqlock wait)
  kEcall = 2,        // at the nth ecall, before it returns
};

enum class Outcome : std::uint32_t {
  kReturned = 0,
  kFault = 1,  // a signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) inside the call
  kHang = 2,   // the watchdog expired, or the call paused more than its spin limit
};

}  // namespace vdsoconf::riscv::protocol
