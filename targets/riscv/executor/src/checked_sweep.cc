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
// RunCheckedSweeps: the bytes of sweeps sent in one request. The executor reads a whole request
// before it answers, so the size only bounds memory and the time to the first reply.
constexpr std::size_t kGroupBytes = 1 << 20;
// The frame, the sweep header and the padding.
constexpr std::size_t kRequestOverhead = 16 + 8 + 8 + 4 + 4 + 4 + 4 + 4 + 8 + 48 + 24 + 4 + 8;

// The sweep header's expected-ecall part (protocol.h, kCheckedSweep).
void EncodeExpectedEcall(wire::Writer& w, const std::optional<ExpectedEcall>& ecall) {
  w.U32(ecall ? 1 : 0);
  if (!ecall) return;
  w.U64(ecall->number);
  for (const std::uint64_t value : ecall->values) w.U64(value);
  for (const p::EcallArgKind kind : ecall->kinds) w.U32(static_cast<std::uint32_t>(kind));
}

// Appends the kCheckedSweep payload for runs [first, first + count) of a sweep (protocol.h):
// `full` is the vvar image to send (or null), the lists are the whole sweep's (or empty).
void EncodeSweep(wire::Writer& w, const CallRequest& call, std::size_t vvar_size,
                 const std::vector<std::uint8_t>* full, CounterRamp ramp,
                 std::span<const std::uint64_t> list, std::span<const p::VvarPatch> patches,
                 const ExpectedAnswers& expected, std::size_t first, std::size_t count) {
  const std::size_t record_size = p::kExpectedHeadBytes + expected.buffer_bytes();
  internal::EncodeCall(w, call, vvar_size, full);
  w.U64(ramp.At(first));
  w.U64(ramp.step);
  w.U32(static_cast<std::uint32_t>(count));
  w.U32(static_cast<std::uint32_t>(record_size));
  w.U32(list.empty() ? 0 : 1);
  w.U32(patches.empty() ? 0 : 1);
  EncodeExpectedEcall(w, expected.ecall());
  // The lists and the records start at a multiple of 8 in the payload (protocol.h).
  const std::size_t padding = (8 - (w.bytes().size() + 4) % 8) % 8;
  w.U32(static_cast<std::uint32_t>(padding));
  const std::uint8_t zeros[8] = {};
  w.Raw(zeros, padding);
  if (!list.empty()) w.Raw(list.data() + first, count * 8);
  if (!patches.empty()) w.Raw(patches.data() + first, count * sizeof(p::VvarPatch));
  w.Bytes(expected.records().subspan(first * record_size, count * record_size));
}

// Reads the reply to EncodeSweep's runs [first, first + count) into `result`. Throws
// ChildFailure when it is malformed.
void DecodeSweep(wire::Reader& r, CounterRamp ramp, std::span<const std::uint64_t> list,
                 std::size_t first, std::size_t count, std::uint64_t image_address,
                 CheckedSweepResult& result) {
  const std::uint32_t answered = r.U32();
  const std::uint32_t mismatches = r.U32();
  if (r.failed() || answered != count || mismatches > count) {
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
    mismatch.run = static_cast<std::uint32_t>(first + run);
    mismatch.counter = list.empty() ? ramp.At(mismatch.run) : list[mismatch.run];
    mismatch.actual = internal::DecodeResult(r, image_address);
    result.mismatches.push_back(std::move(mismatch));
  }
  if (r.failed()) throw ChildFailure("malformed checked sweep reply");
}

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
  return CheckedSweepRetrying(call, counters, {}, expected);
}

CheckedSweepResult VdsoExecutor::RunCheckedSweep(const CallRequest& call, CounterRamp counters,
                                                 std::span<const protocol::VvarPatch> patches,
                                                 const ExpectedAnswers& expected) {
  if (patches.size() != expected.size()) {
    throw InfraError("a checked sweep with " + std::to_string(patches.size()) +
                     " vvar patches and " + std::to_string(expected.size()) + " expected answers");
  }
  const std::size_t vvar_size = std::size_t{vvar_pages_} * p::kPageSize;
  for (const p::VvarPatch& patch : patches) {
    if (patch.offset > vvar_size || patch.length > vvar_size - patch.offset) {
      throw InfraError("vvar patch at " + std::to_string(patch.offset) + " (" +
                       std::to_string(patch.length) + " bytes) outside the " +
                       std::to_string(vvar_size) + " bytes of vvar");
    }
  }
  SweepLists lists;
  lists.patches = patches;
  return CheckedSweepRetrying(call, counters, lists, expected);
}

CheckedSweepResult VdsoExecutor::RunCheckedSweep(const CallRequest& call,
                                                 std::span<const std::uint64_t> counters,
                                                 const ExpectedAnswers& expected) {
  if (counters.size() != expected.size()) {
    throw InfraError("a checked sweep with " + std::to_string(counters.size()) +
                     " counter values and " + std::to_string(expected.size()) +
                     " expected answers");
  }
  SweepLists lists;
  lists.counters = counters;
  return CheckedSweepRetrying(call, CounterRamp{0, 0}, lists, expected);
}

CheckedSweepResult VdsoExecutor::CheckedSweepRetrying(const CallRequest& call, CounterRamp counters,
                                                      SweepLists lists,
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
      CheckedSweepResult result =
          TryCheckedSweep(call, counters, lists, expected, attempt > 0, budget);
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
                                                 SweepLists lists, const ExpectedAnswers& expected,
                                                 bool resend_baseline,
                                                 std::chrono::milliseconds budget) {
  const std::size_t runs = expected.size();
  const std::size_t vvar_size = baseline_.size();
  const std::size_t record_size = p::kExpectedHeadBytes + expected.buffer_bytes();
  const std::span<const std::uint64_t> list = lists.counters;
  const bool has_list = !list.empty();
  const bool has_patches = !lists.patches.empty();
  // What one run costs in the request: its record, its counter and its patch when listed.
  const std::size_t run_bytes =
      record_size + (has_list ? 8 : 0) + (has_patches ? sizeof(p::VvarPatch) : 0);
  // The first request may carry a whole vvar image; the rest carry no vvar changes (the
  // baseline persists), only the injections, which apply to every run.
  CallRequest rest = call;
  rest.vvar_full.reset();
  rest.vvar_writes.clear();
  const std::size_t head_bytes =
      kRequestOverhead + internal::EncodedSize(call) + vvar_size;  // an upper bound
  const std::size_t per_request = InputCapacity() / kDepth;
  std::size_t chunk = kRunsPerRequest;
  if (per_request > head_bytes + run_bytes) {
    chunk = std::min(chunk, (per_request - head_bytes) / run_bytes);
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
    EncodeSweep(w, first_request ? call : rest, vvar_size, full, counters, list, lists.patches,
                expected, sent, count);
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
    DecodeSweep(r, counters, list, request.first, request.count, image_address_, result);
    if (!r.at_end()) throw ChildFailure("malformed checked sweep reply");
  }
  return result;
}

std::vector<CheckedSweepResult> VdsoExecutor::RunCheckedSweeps(
    std::span<const CheckedSweepRequest> sweeps) {
  std::vector<CheckedSweepResult> results;
  results.reserve(sweeps.size());
  std::size_t group_start = 0;
  std::size_t group_bytes = 0;
  const auto flush = [&](std::size_t end) {
    if (end > group_start) RunSweepGroup(sweeps.subspan(group_start, end - group_start), results);
    group_start = end;
    group_bytes = 0;
  };
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    const CheckedSweepRequest& sweep = sweeps[i];
    if (sweep.call == nullptr || sweep.expected == nullptr) {
      throw InfraError("a checked sweep without a call or expected answers");
    }
    const std::size_t runs = sweep.expected->size();
    if (runs > kRunsPerRequest) {
      // Long sweeps pipeline their own requests.
      flush(i);
      if (!sweep.patches.empty()) {
        results.push_back(RunCheckedSweep(*sweep.call, sweep.ramp, sweep.patches, *sweep.expected));
      } else if (!sweep.counters.empty()) {
        results.push_back(RunCheckedSweep(*sweep.call, sweep.counters, *sweep.expected));
      } else {
        results.push_back(RunCheckedSweep(*sweep.call, sweep.ramp, *sweep.expected));
      }
      group_start = i + 1;
      continue;
    }
    const std::size_t bytes = sweep.expected->records().size() + sweep.counters.size() * 8 +
                              sweep.patches.size() * sizeof(p::VvarPatch) +
                              internal::EncodedSize(*sweep.call) +
                              (sweep.call->vvar_full ? sweep.call->vvar_full->size() : 0);
    if (group_bytes + bytes > kGroupBytes) flush(i);
    group_bytes += bytes;
  }
  flush(sweeps.size());
  return results;
}

void VdsoExecutor::RunSweepGroup(std::span<const CheckedSweepRequest> group,
                                 std::vector<CheckedSweepResult>& results) {
  const std::size_t vvar_size = baseline_.size();
  std::chrono::milliseconds budget = options_.io_timeout;
  std::vector<std::uint8_t> baseline_after = baseline_;
  for (const CheckedSweepRequest& sweep : group) {
    const CallRequest& call = *sweep.call;
    if (ExpectedAnswers(call).buffer_bytes() != sweep.expected->buffer_bytes()) {
      throw InfraError("expected answers built for another call's output buffers");
    }
    const std::size_t runs = sweep.expected->size();
    if ((!sweep.counters.empty() && sweep.counters.size() != runs) ||
        (!sweep.patches.empty() && sweep.patches.size() != runs)) {
      throw InfraError("a checked sweep whose counter or patch list is not one per run");
    }
    for (const p::VvarPatch& patch : sweep.patches) {
      if (patch.offset > vvar_size || patch.length > vvar_size - patch.offset) {
        throw InfraError("vvar patch outside the vvar pages");
      }
    }
    // Checks the call's injections and adds its watchdog to the budget.
    (void)BaselineAfter(std::span<const CallRequest>(&call, 1), budget);
    if (call.vvar_full || !call.vvar_writes.empty()) {
      if (call.vvar_full) baseline_after = *call.vvar_full;
      for (const VvarWrite& write : call.vvar_writes) {
        std::copy(write.bytes.begin(), write.bytes.end(), baseline_after.begin() + write.offset);
      }
    }
    budget += (call.watchdog + std::chrono::milliseconds(1)) * static_cast<long>(runs);
  }
  std::vector<CheckedSweepResult> group_results;
  ExchangeRetrying(
      p::Kind::kCheckedSweeps, budget,
      [&](wire::Writer& out, bool resend_baseline) {
        out.U32(static_cast<std::uint32_t>(group.size()));
        for (std::size_t i = 0; i < group.size(); ++i) {
          const CheckedSweepRequest& sweep = group[i];
          const CallRequest& call = *sweep.call;
          const bool resend = resend_baseline && i == 0 && !call.vvar_full;
          EncodeSweep(out, call, vvar_size,
                      call.vvar_full ? &*call.vvar_full : (resend ? &baseline_ : nullptr),
                      sweep.ramp, sweep.counters, sweep.patches, *sweep.expected, 0,
                      sweep.expected->size());
        }
      },
      [&](std::span<const std::uint8_t> reply) {
        group_results.clear();
        wire::Reader r(reply);
        if (r.U32() != group.size() || r.failed()) {
          throw ChildFailure("malformed checked sweeps reply");
        }
        for (const CheckedSweepRequest& sweep : group) {
          CheckedSweepResult result;
          result.runs = static_cast<std::uint32_t>(sweep.expected->size());
          DecodeSweep(r, sweep.ramp, sweep.counters, 0, result.runs, image_address_, result);
          group_results.push_back(std::move(result));
        }
        if (!r.at_end()) throw ChildFailure("malformed checked sweeps reply");
      });
  baseline_ = std::move(baseline_after);
  for (auto& result : group_results) results.push_back(std::move(result));
}

}  // namespace vdsoconf::riscv
