// RunCheckedSweep: expected answers out, mismatches back (protocol.h, kCheckedSweep).
//
// A long sweep goes out as several requests, up to kDepth of them in flight: while the host waits
// for one reply the executor already has the next requests in its pipe, so it never idles
// waiting for the host to be scheduled (on a loaded machine that wait, once per request, cost
// more than the calls themselves).
#include <algorithm>
#include <deque>
#include <string>

#include "call_codec.h"
#include "executor_process.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv {
namespace {

namespace p = protocol;

// Requests in flight. No deadlock: the executor reads a whole request before it runs it, and
// at most kDepth requests are unread at any time, each at most 1/kDepth of the pipe, so the
// host's writes never block; the executor may block writing a reply only while the host reads.
constexpr std::size_t kDepth = 4;
// Runs per request: small enough that the first reply comes early, large enough that the
// per-request cost (a read and a write syscall under qemu-user) stays small per run.
constexpr std::size_t kRunsPerRequest = 4096;
// The frame, the sweep header and the padding.
constexpr std::size_t kRequestOverhead = 16 + 8 + 8 + 4 + 4 + 4 + 8;

}  // namespace

ExpectedAnswers::ExpectedAnswers(const CallRequest& call) {
  for (const Arg& arg : call.args) {
    if (arg.kind == p::ArgKind::kOutputBuffer) buffer_bytes_ += arg.value;
  }
}

void ExpectedAnswers::Add(std::uint64_t return_value, std::span<const std::uint8_t> buffer_bytes,
                          std::uint32_t ecalls, std::optional<std::uint32_t> counter_reads) {
  if (buffer_bytes.size() != buffer_bytes_) {
    throw InfraError("expected answer with " + std::to_string(buffer_bytes.size()) +
                     " buffer bytes; the call's output buffers hold " +
                     std::to_string(buffer_bytes_));
  }
  records_.U64(return_value);
  records_.U32(ecalls);
  records_.U32(counter_reads.value_or(p::kAnyCount));
  records_.Bytes(buffer_bytes);
  ++count_;
}

CheckedSweepResult VdsoExecutor::RunCheckedSweep(const CallRequest& call, CounterRamp counters,
                                                 const ExpectedAnswers& expected) {
  const std::size_t call_buffer_bytes = ExpectedAnswers(call).buffer_bytes();
  if (call_buffer_bytes != expected.buffer_bytes()) {
    throw InfraError("expected answers built for " + std::to_string(expected.buffer_bytes()) +
                     " output buffer bytes; this call has " + std::to_string(call_buffer_bytes));
  }
  if (expected.size() > 0xffffffffu) throw InfraError("a checked sweep takes at most 2^32-1 runs");
  std::chrono::milliseconds budget = options_.io_timeout;
  auto baseline_after = BaselineAfter(std::span<const CallRequest>(&call, 1), budget);
  budget += (call.watchdog + std::chrono::milliseconds(1)) * static_cast<long>(expected.size());
  for (int attempt = 0;; ++attempt) {
    try {
      // After a restart the executor's baseline is zero: the first request resends ours.
      CheckedSweepResult result = TryCheckedSweep(call, counters, expected, attempt > 0, budget);
      baseline_ = std::move(baseline_after);
      return result;
    } catch (const ChildFailure& e) {
      if (attempt > 0) {
        throw InfraError(std::string("the executor died twice on the same request: ") + e.what());
      }
      ++restarts_;
      try {
        Start();
      } catch (const ChildFailure& again) {
        throw InfraError(std::string("cannot restart the executor: ") + again.what());
      }
    }
  }
}

CheckedSweepResult VdsoExecutor::TryCheckedSweep(const CallRequest& call, CounterRamp counters,
                                                 const ExpectedAnswers& expected,
                                                 bool resend_baseline,
                                                 std::chrono::milliseconds budget) {
  const std::size_t runs = expected.size();
  const std::size_t vvar_size = baseline_.size();
  const std::size_t record_size = p::kExpectedHeadBytes + expected.buffer_bytes();
  // The first request may carry a whole vvar image; the rest carry no vvar changes (the
  // baseline persists), only the injections, which apply to every run.
  CallRequest rest = call;
  rest.vvar_full.reset();
  rest.vvar_writes.clear();
  const std::size_t head_bytes =
      kRequestOverhead + internal::EncodedSize(call) + vvar_size;  // an upper bound
  const std::size_t per_request = InputCapacity() / kDepth;
  std::size_t chunk = kRunsPerRequest;
  if (per_request > head_bytes + record_size) {
    chunk = std::min(chunk, (per_request - head_bytes) / record_size);
  } else {
    chunk = std::max<std::size_t>(runs, 1);  // one request; nothing else in flight
  }

  const auto deadline = ExecutorProcess::Clock::now() + budget;
  CheckedSweepResult result;
  result.runs = static_cast<std::uint32_t>(runs);
  struct Request {
    std::size_t first, count;
  };
  std::deque<Request> in_flight;
  std::size_t sent = 0;
  bool first_request = true;
  wire::Writer w;
  const auto send_next = [&] {
    const std::size_t count = std::min(chunk, runs - sent);
    w.Clear();
    const std::vector<std::uint8_t>* full =
        !first_request
            ? nullptr
            : (call.vvar_full ? &*call.vvar_full : (resend_baseline ? &baseline_ : nullptr));
    internal::EncodeCall(w, first_request ? call : rest, vvar_size, full);
    w.U64(counters.At(sent));
    w.U64(counters.step);
    w.U32(static_cast<std::uint32_t>(count));
    w.U32(static_cast<std::uint32_t>(record_size));
    // The records start at a multiple of 8 in the payload (protocol.h).
    const std::size_t padding = (8 - (w.bytes().size() + 4) % 8) % 8;
    w.U32(static_cast<std::uint32_t>(padding));
    const std::uint8_t zeros[8] = {};
    w.Raw(zeros, padding);
    w.Bytes(expected.records().subspan(sent * record_size, count * record_size));
    WriteRequest(p::Kind::kCheckedSweep, w.bytes(), deadline);
    in_flight.push_back({sent, count});
    sent += count;
    first_request = false;
  };
  // Even an empty sweep sends one request: its vvar changes apply like Run's.
  send_next();
  while (!in_flight.empty()) {
    while (sent < runs && in_flight.size() < kDepth) send_next();
    const Request request = in_flight.front();
    in_flight.pop_front();
    const auto reply = ReadResponse(p::Kind::kCheckedSweep, deadline);
    wire::Reader r(reply);
    const std::uint32_t count = r.U32();
    const std::uint32_t mismatches = r.U32();
    if (r.failed() || count != request.count || mismatches > count) {
      throw ChildFailure("malformed checked sweep reply");
    }
    std::uint32_t previous = 0;
    for (std::uint32_t i = 0; i < mismatches && !r.failed(); ++i) {
      const std::uint32_t run = r.U32();
      if (run >= count || (i > 0 && run <= previous)) {
        throw ChildFailure("checked sweep reply with runs out of order");
      }
      previous = run;
      SweepMismatch mismatch;
      mismatch.run = static_cast<std::uint32_t>(request.first + run);
      mismatch.counter = counters.At(mismatch.run);
      mismatch.actual = internal::DecodeResult(r, image_address_);
      result.mismatches.push_back(std::move(mismatch));
    }
    if (r.failed() || !r.at_end()) throw ChildFailure("malformed checked sweep reply");
  }
  return result;
}

}  // namespace vdsoconf::riscv
