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
// To check one vvar state over many counter values exactly and fast, send the model's answers
// and get back only the runs that differ (at >= 0.5 x a bare loop of the entry point):
//
//   ExpectedAnswers expected(call);
//   for (i...) expected.Add(/*return*/ 0, model_ts_bytes(ramp.At(i)), /*ecalls*/ 0, reads);
//   CheckedSweepResult r = executor.RunCheckedSweep(call, ramp, expected);  // r.mismatches
//
// One executor process (vdsoconf-riscv-executor under qemu-riscv64) serves many calls in
// batches. A fault or hang inside the vDSO is a CallResult, not an exception. Exceptions
// (InfraError) mean the executor itself could not be run or kept alive: missing qemu or
// program, a protocol error, or the process dying twice on the same batch.
#pragma once

#include <array>
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
  // 0: no limit. Else a run that executes more than this many pauses (cpu_relax in the seqlock
  // wait) is ended at once as Outcome::kHang, without waiting for the watchdog: for calls whose
  // vvar no writer changes during the run (no injections), where a reader that pauses that
  // often waits for a writer that never comes. Images whose wait loop does not pause (6.1's
  // cpu_relax) still end at the watchdog.
  std::uint32_t spin_pauses = 0;
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

// The counter of a checked sweep: every counter read of run i returns base + i * step
// (modulo 2^64). The executor generates the values itself, so they cost nothing to send.
struct CounterRamp {
  std::uint64_t base = 0;
  std::uint64_t step = 1;

  std::uint64_t At(std::uint64_t run) const { return base + run * step; }
};

// The ecall a checked sweep expects of every run that makes one: its number (a7) and what each
// argument register a0..a5 holds (protocol::EcallArgKind; kAny by default).
struct ExpectedEcall {
  std::uint64_t number = 0;
  std::array<protocol::EcallArgKind, 6> kinds{};
  std::array<std::uint64_t, 6> values{};
};

// What each run of a checked sweep must produce, as the model predicts it: one flat record per
// run (protocol.h, "Expected record"), ready to send without re-encoding.
//
//   ExpectedAnswers expected(call);              // learns the call's output buffer sizes
//   for (i...) expected.Add(0, timespec_bytes);  // returned 0 and wrote these bytes
//
// A run matches when it returned (no fault, no hang), its return value and ecall count are the
// expected ones, its counter-read count too unless left open, and every byte of every output
// buffer is equal (bytes the vDSO must not write are expected as protocol::kBufferFill).
class ExpectedAnswers {
 public:
  // Takes the sizes of `call`'s Arg::OutputBuffer arguments, in order.
  explicit ExpectedAnswers(const CallRequest& call);

  // Appends the expectation for the next run. `buffer_bytes` is every output buffer's expected
  // contents, concatenated in argument order; throws InfraError when its size is not the sum of
  // the buffer sizes. `ecalls` is the number of caught ecalls (1 for a syscall fallback, whose
  // return value is the call's syscall_return). `counter_reads` unset: not compared.
  void Add(std::uint64_t return_value, std::span<const std::uint8_t> buffer_bytes,
           std::uint32_t ecalls = 0, std::optional<std::uint32_t> counter_reads = std::nullopt);

  // Every run that makes an ecall must make this one as its first (the record's ecall count
  // says how many, and whether a run makes any). Without it, ecalls are only counted. Applies to
  // the whole sweep: a checked sweep is one call shape, so a fallback is one syscall.
  void ExpectEcall(const ExpectedEcall& ecall) { ecall_ = ecall; }
  const std::optional<ExpectedEcall>& ecall() const { return ecall_; }

  // Runs added so far.
  std::size_t size() const { return count_; }
  // The sum of the call's output buffer sizes: what Add takes in `buffer_bytes`.
  std::size_t buffer_bytes() const { return buffer_bytes_; }
  // The records as sent: size() * (protocol::kExpectedHeadBytes + buffer_bytes()) bytes.
  std::span<const std::uint8_t> records() const { return records_.bytes(); }
  // Forgets every run and the expected ecall (keeps the buffer sizes and the memory).
  void Clear() {
    records_.Clear();
    count_ = 0;
    ecall_.reset();
  }

 private:
  std::optional<ExpectedEcall> ecall_;
  std::size_t buffer_bytes_ = 0;
  std::size_t count_ = 0;
  wire::Writer records_;
};

// A run of a checked sweep that did not match its expected record.
struct SweepMismatch {
  std::uint32_t run = 0;      // index into the sweep
  std::uint64_t counter = 0;  // what its counter reads returned (CounterRamp::At(run), list[run])
  CallResult actual;          // everything the run did, as Run would report it
};

struct CheckedSweepResult {
  std::uint32_t runs = 0;
  std::vector<SweepMismatch> mismatches;  // in run order; empty: every run matched

  bool passed() const { return mismatches.empty(); }
};

// One sweep of VdsoExecutor::RunCheckedSweeps: what RunCheckedSweep takes, by reference (the
// pointees must outlive the call).
struct CheckedSweepRequest {
  const CallRequest* call = nullptr;
  const ExpectedAnswers* expected = nullptr;
  CounterRamp ramp;
  // Non-empty: run i reads counters[i] instead of ramp.At(i); one per expected answer.
  std::span<const std::uint64_t> counters;
  // Non-empty: run i changes the live vvar by patches[i]; one per expected answer.
  std::span<const protocol::VvarPatch> patches;
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

  // Runs `call` expected.size() times, run i with every counter read returning counters.At(i),
  // and compares each run with expected record i inside the executor: only mismatches come
  // back, each with its full result. The fast way to check a vvar state over many counter values
  // exactly. `expected` must have been built for `call` (same output buffer sizes; InfraError
  // otherwise). call.counter_values is ignored; vvar changes apply once, injections to every run.
  // Same restart rule as Run.
  CheckedSweepResult RunCheckedSweep(const CallRequest& call, CounterRamp counters,
                                     const ExpectedAnswers& expected);
  // The same with run i's counter reads returning counters[i]: for counter values that are no
  // ramp (a state's chosen deltas, the points around an overflow horizon). Requires
  // counters.size() == expected.size() (InfraError otherwise); costs 8 more bytes per run.
  CheckedSweepResult RunCheckedSweep(const CallRequest& call,
                                     std::span<const std::uint64_t> counters,
                                     const ExpectedAnswers& expected);
  // The same over the vvar instead of the counter: run i reads counters.At(i) with the live vvar
  // changed by patches[i] (protocol::VvarPatch; the baseline comes back after every run), e.g. one
  // field byte flipped per run. Requires patches.size() == expected.size() and every patch inside
  // the vvar pages (InfraError otherwise); costs 8 more bytes per run.
  CheckedSweepResult RunCheckedSweep(const CallRequest& call, CounterRamp counters,
                                     std::span<const protocol::VvarPatch> patches,
                                     const ExpectedAnswers& expected);

  // RunCheckedSweep for each of `sweeps`, in order, with the small ones sent several to a
  // request (protocol.h, kCheckedSweeps): a sweep of a few runs then costs no round trip of its
  // own. Results in the order of `sweeps`. Each sweep's requirements are RunCheckedSweep's
  // (InfraError otherwise). When the executor dies, the request is retried once as in Run.
  std::vector<CheckedSweepResult> RunCheckedSweeps(std::span<const CheckedSweepRequest> sweeps);

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
  // Sends the request built by `encode` and passes the reply to `decode`, which throws
  // ChildFailure when it is malformed; restarts the executor and retries once when it dies.
  void ExchangeRetrying(protocol::Kind kind, std::chrono::milliseconds budget,
                        const std::function<void(wire::Writer&, bool resend_baseline)>& encode,
                        const std::function<void(std::span<const std::uint8_t>)>& decode);
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
  // Bytes the executor's input pipe holds (ExecutorProcess::input_capacity).
  std::size_t InputCapacity() const;
  // One attempt of RunCheckedSweep: its requests pipelined; throws ChildFailure when the
  // executor dies or answers wrongly.
  // What varies between the runs of a checked sweep besides the counter ramp (each empty, or
  // one entry per run).
  struct SweepLists {
    std::span<const std::uint64_t> counters;  // replaces the ramp
    std::span<const protocol::VvarPatch> patches;
  };
  CheckedSweepResult CheckedSweepRetrying(const CallRequest& call, CounterRamp counters,
                                          SweepLists lists, const ExpectedAnswers& expected);
  // Sends sweeps[first, first + count) as one kCheckedSweeps request (restart rule of Run).
  void RunSweepGroup(std::span<const CheckedSweepRequest> group,
                     std::vector<CheckedSweepResult>& results);
  CheckedSweepResult TryCheckedSweep(const CallRequest& call, CounterRamp counters,
                                     SweepLists lists, const ExpectedAnswers& expected,
                                     bool resend_baseline, std::chrono::milliseconds budget);
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
