// Running a vDSO image's entry points under qemu-riscv64 with a controlled counter and vvar.
//
//   VdsoExecutor executor(image, /*vvar_pages=*/4);
//   CallRequest call;
//   call.entry_offset = executor.EntryOffset("__vdso_clock_gettime");
//   call.args = {Arg::Value(1), Arg::OutputBuffer(16)};       // CLOCK_MONOTONIC, &ts
//   call.vvar_full = vvar_bytes;                                // becomes the baseline
//   call.counter_values = {0x1000};                             // what rdtime returns
//   CallResult result = executor.Run(call);                     // result.buffers[0] = ts
//
// One executor process (vdsoconf-riscv-executor under qemu-riscv64) serves many calls in
// batches. A fault or hang inside the vDSO is a CallResult, not an exception. Exceptions
// (InfraError) mean the executor itself could not be run or kept alive: missing qemu or
// program, a protocol error, or the process dying twice on the same batch.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/riscv/executor/patcher.h"
#include "vdsoconf/riscv/executor/protocol.h"
#include "vdsoconf/riscv/executor/wire.h"

namespace vdsoconf::riscv {

struct Arg {
  protocol::ArgKind kind = protocol::ArgKind::kValue;
  std::uint64_t value = 0;

  static Arg Value(std::uint64_t v) { return {protocol::ArgKind::kValue, v}; }
  // A fresh buffer of `size` bytes filled with protocol::kBufferFill; returned in the result.
  static Arg OutputBuffer(std::uint64_t size) { return {protocol::ArgKind::kOutputBuffer, size}; }
  static Arg VvarAddress(std::uint64_t offset) { return {protocol::ArgKind::kVvarAddress, offset}; }
};

struct VvarWrite {
  std::uint32_t offset = 0;
  std::vector<std::uint8_t> bytes;
};

// A vvar mutation applied at a moment inside the call ("writer injection").
struct Injection {
  protocol::Trigger trigger = protocol::Trigger::kCounterRead;
  std::uint32_t nth = 1;  // 1-based: the first counter read is 1
  VvarWrite write;
};

struct CallRequest {
  std::uint64_t entry_offset = 0;
  std::vector<Arg> args;  // at most 6 (a0..a5)
  // Replaces the vvar baseline (vvar_pages * 4096 bytes) before the call. The baseline persists
  // across calls; writes below patch it; injections change only the live copy for one call.
  std::optional<std::vector<std::uint8_t>> vvar_full;
  std::vector<VvarWrite> vvar_writes;
  // The i-th counter read returns counter_values[min(i, n-1)]; an empty list reads 0.
  std::vector<std::uint64_t> counter_values;
  std::vector<Injection> injections;
  // What every caught ecall returns in a0.
  std::int64_t syscall_return = 0;
  std::chrono::milliseconds watchdog{200};
};

struct CaughtEcall {
  std::uint64_t number = 0;  // a7
  std::uint64_t args[6] = {};
};

struct CallResult {
  protocol::Outcome outcome = protocol::Outcome::kReturned;
  std::uint64_t return_value = 0;
  int signal = 0;
  int si_code = 0;
  std::uint64_t fault_address = 0;
  std::uint64_t fault_pc = 0;
  // fault_pc relative to the image base (may be outside the image: a wild jump).
  std::int64_t fault_pc_offset = 0;
  std::uint32_t counter_reads = 0;
  std::uint32_t pauses = 0;
  std::vector<CaughtEcall> ecalls;
  std::vector<std::vector<std::uint8_t>> buffers;  // one per Arg::OutputBuffer, in order

  std::string Describe()
      const;  // "returned 0, 1 counter read(s), 0 ecall(s)" / "fault SIGSEGV at ..."
};

struct BareLoopResult {
  std::uint64_t iterations = 0;
  double bare_ns_per_call = 0;     // unpatched image, real rdtime, plain loop in the guest
  double patched_ns_per_call = 0;  // patched image, same loop in the guest (no protocol)
  std::uint64_t bare_last_return = 0;
};

struct ExecutorOptions {
  // The riscv64 program; defaults to $VDSOCONF_RISCV_EXECUTOR, else the one this build made.
  std::filesystem::path program;
  std::string qemu = "qemu-riscv64";
  // Limit for start-up and for each batch beyond the sum of the calls' watchdogs.
  std::chrono::milliseconds io_timeout{30000};
};

// The executor program this build produced (or $VDSOCONF_RISCV_EXECUTOR).
std::filesystem::path DefaultExecutorProgram();

class VdsoExecutor {
 public:
  // Starts the executor and loads the patched image. `vvar_pages` is the data area below the
  // image (VdsoImage::vvar_pages for a real image). Throws InfraError when it cannot start.
  VdsoExecutor(const VdsoImage& image, std::uint32_t vvar_pages, ExecutorOptions options = {});
  ~VdsoExecutor();
  VdsoExecutor(const VdsoExecutor&) = delete;
  VdsoExecutor& operator=(const VdsoExecutor&) = delete;

  // The offset of an exported symbol; throws InfraError when the image does not export it.
  std::uint64_t EntryOffset(std::string_view symbol) const;

  // Runs the calls in order in one batch. When the executor dies during a batch it is
  // restarted (the vvar baseline restored) and the batch retried once; a second death throws.
  std::vector<CallResult> Run(std::span<const CallRequest> calls);
  CallResult Run(const CallRequest& call);

  // Runs `call` once per counter value (every counter read of run i returns counters[i]), with
  // the request parsed once by the executor: the fast way to sweep one vvar state over many
  // counter values. call.counter_values is ignored; vvar changes apply once, injections to every
  // run. Same restart rule as Run.
  std::vector<CallResult> RunCounterSweep(const CallRequest& call,
                                          std::span<const std::uint64_t> counters);

  // Throughput reference: `iterations` calls of the entry with (arg0, &buffer) on the unpatched
  // image with real rdtime, then on the patched one, inside the guest. The vvar baseline must be
  // set; `cycle_last_offsets` are stamped with the current rdtime first so that the real counter
  // yields small deltas.
  BareLoopResult BareLoop(std::uint64_t entry_offset, std::uint64_t arg0, std::uint64_t iterations,
                          std::span<const std::uint32_t> cycle_last_offsets);

  std::uint64_t image_address() const { return image_address_; }
  std::uint64_t vvar_address() const { return vvar_address_; }
  int restarts() const { return restarts_; }
  // The executor's process id (QEMU's), e.g. to watch or kill it; -1 when it has died.
  int process_id() const;
  const PatchedImage& patched() const { return patched_; }

 private:
  class Process;
  void Start();
  std::vector<std::uint8_t> BaselineAfter(std::span<const CallRequest> calls,
                                          std::chrono::milliseconds& budget) const;
  // Sends one request built by `encode` and decodes `expected` results; restarts and retries
  // once when the executor dies.
  std::vector<CallResult> Exchange(
      protocol::Kind kind, std::size_t expected, std::chrono::milliseconds budget,
      std::vector<std::uint8_t> baseline_after,
      const std::function<void(wire::Writer&, bool resend_baseline)>& encode);
  std::vector<std::uint8_t> Exchange(protocol::Kind kind, std::span<const std::uint8_t> payload,
                                     std::chrono::milliseconds timeout);
  void WriteRequest(protocol::Kind kind, std::span<const std::uint8_t> payload,
                    std::chrono::steady_clock::time_point deadline);
  std::vector<std::uint8_t> ReadResponse(protocol::Kind kind,
                                         std::chrono::steady_clock::time_point deadline);
  // Run for long batches: the calls go out as several kBatch requests, the next one written
  // while the executor runs the one before, so the host's encoding and decoding overlap the
  // guest's work. Returns nothing (an empty vector) when the batch does not fit the pipe
  // rules below; otherwise what Run returns, with the same restart rule.
  std::vector<CallResult> RunPipelined(std::span<const CallRequest> calls,
                                       std::chrono::milliseconds budget,
                                       const std::vector<std::uint8_t>& baseline_after);

  std::vector<DynamicSymbol> symbols_;
  PatchedImage patched_;
  std::uint32_t vvar_pages_;
  ExecutorOptions options_;
  std::unique_ptr<Process> process_;
  std::vector<std::uint8_t> baseline_;  // host mirror of the executor's vvar baseline
  std::uint64_t image_address_ = 0;
  std::uint64_t vvar_address_ = 0;
  int restarts_ = 0;
};

}  // namespace vdsoconf::riscv
