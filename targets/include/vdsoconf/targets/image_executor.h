// Target job: running one entry point of a real vDSO image with the counter and the vvar pages
// under control (`vdsoconf exec`, the differential fuzzer). The architecture's executor runs the
// machine code (under a user-mode emulator), catches its system calls instead of making them and
// reports faults and hangs as results: a crash in the image is an answer, not an error.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/targets/image_extractor.h"

namespace vdsoconf::targets {

// The byte every executor fills a fresh output buffer with before the call, so that a byte the
// call did not store is seen in EntryCallResult::buffers.
inline constexpr std::uint8_t kOutputBufferFill = 0xa5;

// One argument register of a call.
struct CallArgument {
  enum class Kind { kValue, kOutputBuffer };
  Kind kind = Kind::kValue;
  std::uint64_t value = 0;  // kValue: the value; kOutputBuffer: the buffer's size in bytes

  static CallArgument Value(std::uint64_t v) { return {Kind::kValue, v}; }
  // A fresh buffer the call may write; it comes back in EntryCallResult::buffers.
  static CallArgument OutputBuffer(std::uint64_t size) { return {Kind::kOutputBuffer, size}; }
};

// A change to the session's vvar area: `bytes` at `offset`.
struct VvarWrite {
  std::uint32_t offset = 0;
  std::vector<std::uint8_t> bytes;
};

struct EntryCall {
  std::uint64_t entry_offset = 0;  // ImageSession::EntryOffset
  std::vector<CallArgument> args;
  // The whole vvar area (ImageSession::VvarBytes() bytes). It becomes the session's vvar, which
  // later calls see too; empty: the session's vvar as the calls before left it (zeros at first).
  std::vector<std::uint8_t> vvar;
  // Changes to the session's vvar (after `vvar`), kept for later calls as well: the cheap way to
  // send a state that differs from the one before in a few bytes.
  std::vector<VvarWrite> vvar_writes;
  // The i-th counter read returns counter_values[min(i, n-1)]; an empty list reads 0.
  std::vector<std::uint64_t> counter_values;
  std::int64_t syscall_return = 0;  // what every caught system call returns
  std::chrono::milliseconds watchdog{200};
};

// A system call the image made (caught, not made).
struct CaughtSyscall {
  std::uint64_t number = 0;
  std::array<std::uint64_t, 6> args{};
  // One line in the architecture's terms (its trap instruction, its registers).
  std::string description;
};

// How a call ended. A fault or a hang inside the image is an answer, not an error.
enum class CallOutcome {
  kReturned,
  kFault,  // a signal inside the call (bad memory access, illegal instruction, ...)
  kHang,   // the watchdog expired
};

struct EntryCallResult {
  CallOutcome outcome = CallOutcome::kReturned;
  std::uint64_t return_value = 0;  // the return register, when the call returned
  std::uint32_t counter_reads = 0;
  std::string description;  // one line: how it ended, counter reads, system calls
  std::vector<std::vector<std::uint8_t>> buffers;  // one per output buffer argument, in order
  std::vector<CaughtSyscall> syscalls;
};

// The executor started on one image.
class ImageSession {
 public:
  virtual ~ImageSession() = default;
  // The size of the vvar area the image reads below itself.
  virtual std::size_t VvarBytes() const = 0;
  // The offset of exported `symbol`; throws InfraError when the image does not export it.
  virtual std::uint64_t EntryOffset(std::string_view symbol) const = 0;
  // Runs one call. Throws InfraError only when the executor itself cannot run.
  virtual EntryCallResult Call(const EntryCall& call) = 0;
  // Runs `calls` in order, in one exchange with the executor: several calls on one state for one
  // round trip. Results in the order of `calls`. Throws as Call does.
  virtual std::vector<EntryCallResult> CallBatch(std::span<const EntryCall> calls) = 0;
};

class ImageExecutor {
 public:
  virtual ~ImageExecutor() = default;
  // What runs the image's code ("qemu-<arch>"), for help texts and measurements.
  virtual std::string_view Runner() const = 0;
  // The vvar clock_mode (the kernel's VDSO_CLOCKMODE_* value) under which the architecture's
  // vDSO reads the hardware counter, the one EntryCall::counter_values controls.
  virtual std::int32_t CounterClockMode() const = 0;
  // Starts the executor on `image` (one of this target's images). Throws InfraError when the
  // image's vvar size cannot be told or the executor cannot start.
  virtual std::unique_ptr<ImageSession> Start(const ExtractedImage& image) = 0;
};

}  // namespace vdsoconf::targets
