#include "vdsoconf/riscv/executor/executor.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "call_codec.h"
#include "executor_process.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/riscv/executor/wire.h"

namespace vdsoconf::riscv {

class VdsoExecutor::Process : public ExecutorProcess {
  using ExecutorProcess::ExecutorProcess;
};

namespace {

namespace p = protocol;
using internal::DecodeResult;
using internal::EncodeCall;
using internal::EncodedSize;

void ApplyWrite(std::vector<std::uint8_t>& vvar, const VvarWrite& write) {
  if (write.offset > vvar.size() || write.bytes.size() > vvar.size() - write.offset) {
    throw InfraError("vvar write at " + std::to_string(write.offset) + " (+" +
                     std::to_string(write.bytes.size()) + ") is outside the " +
                     std::to_string(vvar.size()) + "-byte vvar area");
  }
  std::memcpy(vvar.data() + write.offset, write.bytes.data(), write.bytes.size());
}

}  // namespace

std::string CallResult::Describe() const {
  std::string text;
  switch (outcome) {
    case p::Outcome::kReturned:
      text = "returned " + std::to_string(static_cast<std::int64_t>(return_value));
      break;
    case p::Outcome::kFault: {
      const char* name = sigabbrev_np(signal);
      char where[96];
      std::snprintf(where, sizeof where, " addr=0x%llx pc=image%+lld",
                    static_cast<unsigned long long>(fault_address),
                    static_cast<long long>(fault_pc_offset));
      text = std::string("fault SIG") + (name ? name : "?") + " code " + std::to_string(si_code) +
             where;
      break;
    }
    case p::Outcome::kHang:
      text = "hang (watchdog expired)";
      break;
  }
  text += ", " + std::to_string(counter_reads) + " counter read(s), " + std::to_string(pauses) +
          " pause(s), " + std::to_string(ecalls.size()) + " ecall(s)";
  for (const auto& e : ecalls) text += " [nr " + std::to_string(e.number) + "]";
  return text;
}

std::filesystem::path DefaultExecutorProgram() {
  if (const char* path = std::getenv("VDSOCONF_RISCV_EXECUTOR"); path != nullptr && *path != '\0') {
    return path;
  }
  return VDSOCONF_RISCV_EXECUTOR_PATH;
}

VdsoExecutor::VdsoExecutor(const VdsoImage& image, std::uint32_t vvar_pages,
                           ExecutorOptions options)
    : symbols_(image.ExportedSymbols()),
      patched_(PatchForExecutor(image)),
      vvar_pages_(vvar_pages),
      options_(std::move(options)),
      baseline_(std::size_t{vvar_pages} * p::kPageSize, 0) {
  if (options_.program.empty()) options_.program = DefaultExecutorProgram();
  if (!std::filesystem::exists(options_.program)) {
    throw InfraError("the riscv64 executor program " + options_.program.string() +
                     " does not exist: build the target vdsoconf_riscv_executor_program "
                     "(needs riscv64-linux-gnu-g++) or set VDSOCONF_RISCV_EXECUTOR");
  }
  if (!ProgramExists(options_.qemu)) {
    throw InfraError(options_.qemu + " not found: apt-get install qemu-user");
  }
  try {
    Start();
  } catch (const ChildFailure& e) {
    throw InfraError("cannot start the executor (" + options_.qemu + " " +
                     options_.program.string() + "): " + e.what());
  }
}

VdsoExecutor::~VdsoExecutor() = default;

std::size_t VdsoExecutor::InputCapacity() const {
  return process_ ? process_->input_capacity() : 0;
}

int VdsoExecutor::process_id() const {
  return process_ ? process_->pid() : -1;
}

void VdsoExecutor::Start() {
  process_.reset();
  process_ =
      std::make_unique<Process>(std::vector<std::string>{options_.qemu, options_.program.string()});
  wire::Writer w;
  w.U32(vvar_pages_);
  w.U32(patched_.region_pages);
  w.U32(patched_.stub_offset);
  w.U32(kStubStride);
  w.U32(patched_.data_offset);
  w.U32(static_cast<std::uint32_t>(patched_.sites.size()));
  for (const auto& site : patched_.sites) {
    w.U32(static_cast<std::uint32_t>(site.kind));
    w.U32(site.address);
  }
  w.U64(patched_.region.size());
  w.Bytes(patched_.region);
  w.U64(patched_.bare.size());
  w.Bytes(patched_.bare);
  const auto reply = Exchange(p::Kind::kLoad, w.bytes(), options_.io_timeout);
  wire::Reader r(reply);
  image_address_ = r.U64();
  vvar_address_ = r.U64();
  if (r.failed()) throw ChildFailure("short load reply");
}

void VdsoExecutor::WriteRequest(p::Kind kind, std::span<const std::uint8_t> payload,
                                ExecutorProcess::Clock::time_point deadline) {
  wire::Writer frame;
  frame.U32(p::kRequestMagic);
  frame.U32(static_cast<std::uint32_t>(kind));
  frame.U64(payload.size());
  process_->Write(frame.bytes(), deadline);
  process_->Write(payload, deadline);
}

std::vector<std::uint8_t> VdsoExecutor::ReadResponse(p::Kind kind,
                                                     ExecutorProcess::Clock::time_point deadline) {
  const auto header = process_->Read(16, deadline);
  wire::Reader r(header);
  const std::uint32_t magic = r.U32();
  const auto answered = static_cast<p::Kind>(r.U32());
  const std::uint64_t length = r.U64();
  if (magic != p::kResponseMagic || length > (256u << 20)) throw ChildFailure("bad response frame");
  auto body = process_->Read(static_cast<std::size_t>(length), deadline);
  if (answered == p::Kind::kError) {
    throw InfraError("executor rejected the request: " + std::string(body.begin(), body.end()));
  }
  if (answered != kind) throw ChildFailure("response to the wrong request");
  return body;
}

std::vector<std::uint8_t> VdsoExecutor::Exchange(p::Kind kind,
                                                 std::span<const std::uint8_t> payload,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = ExecutorProcess::Clock::now() + timeout;
  WriteRequest(kind, payload, deadline);
  return ReadResponse(kind, deadline);
}

std::uint64_t VdsoExecutor::EntryOffset(std::string_view symbol) const {
  for (const auto& s : symbols_) {
    if (s.name == symbol) return s.value;
  }
  throw InfraError("the vDSO image does not export " + std::string(symbol));
}

std::vector<std::uint8_t> VdsoExecutor::BaselineAfter(std::span<const CallRequest> calls,
                                                      std::chrono::milliseconds& budget) const {
  const std::size_t vvar_size = baseline_.size();
  std::vector<std::uint8_t> baseline = baseline_;
  for (const auto& call : calls) {
    if (call.vvar_full) baseline = *call.vvar_full;
    for (const auto& write : call.vvar_writes) ApplyWrite(baseline, write);
    for (const auto& injection : call.injections) {
      if (injection.write.offset > vvar_size ||
          injection.write.bytes.size() > vvar_size - injection.write.offset) {
        throw InfraError("injection at vvar offset " + std::to_string(injection.write.offset) +
                         " is outside the " + std::to_string(vvar_size) + "-byte vvar area");
      }
    }
    budget += call.watchdog + std::chrono::milliseconds(50);
  }
  return baseline;
}

std::vector<CallResult> VdsoExecutor::Exchange(
    p::Kind kind, std::size_t expected, std::chrono::milliseconds budget,
    std::vector<std::uint8_t> baseline_after,
    const std::function<void(wire::Writer&, bool resend_baseline)>& encode) {
  std::vector<CallResult> results;
  ExchangeRetrying(kind, budget, encode, [&](std::span<const std::uint8_t> reply) {
    wire::Reader r(reply);
    const std::uint32_t count = r.U32();
    results.clear();
    results.reserve(count);
    for (std::uint32_t i = 0; i < count && !r.failed(); ++i) {
      results.push_back(DecodeResult(r, image_address_));
    }
    if (r.failed() || results.size() != expected) throw ChildFailure("malformed reply");
  });
  baseline_ = std::move(baseline_after);
  return results;
}

void VdsoExecutor::ExchangeRetrying(
    p::Kind kind, std::chrono::milliseconds budget,
    const std::function<void(wire::Writer&, bool resend_baseline)>& encode,
    const std::function<void(std::span<const std::uint8_t>)>& decode) {
  for (int attempt = 0;; ++attempt) {
    wire::Writer w;
    // After a restart the executor's baseline is zero: the encoder resends ours.
    encode(w, attempt > 0);
    try {
      decode(Exchange(kind, w.bytes(), budget));
      return;
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

namespace {

// Calls per request in RunPipelined: small enough that two requests and their replies sit in
// the pipes at once, large enough that the per-request cost (a read and a write syscall in the
// guest, each expensive under qemu-user) stays small per call.
constexpr std::size_t kPipelineChunk = 500;

}  // namespace

std::vector<CallResult> VdsoExecutor::RunPipelined(
    std::span<const CallRequest> calls, std::chrono::milliseconds budget,
    const std::vector<std::uint8_t>& baseline_after) {
  // No deadlock: the executor reads a whole request before it answers, so while the host
  // writes request k+1 the executor may be blocked writing reply k only if the host's write
  // blocks too, i.e. if request k+1 does not fit in the pipe. Requests are kept to half the pipe
  // (checked for every chunk before anything is sent) and calls with full vvar images stay on
  // the plain path.
  const std::size_t request_limit = process_->input_capacity() / 2;
  const std::size_t vvar_size = baseline_.size();
  std::size_t chunk_bytes = 4 + vvar_size;  // + a resent baseline after a restart
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].vvar_full) return {};
    if (i % kPipelineChunk == 0) chunk_bytes = 4 + vvar_size;
    chunk_bytes += EncodedSize(calls[i]);
    if (chunk_bytes + 16 > request_limit) return {};
  }
  for (int attempt = 0;; ++attempt) {
    try {
      const auto deadline = ExecutorProcess::Clock::now() + budget;
      std::vector<CallResult> results;
      results.reserve(calls.size());
      std::size_t sent = 0;
      std::vector<std::size_t> in_flight;  // call counts of the requests awaiting replies
      std::size_t answered_requests = 0;
      wire::Writer w;
      const auto send_next = [&] {
        const std::size_t count = std::min(kPipelineChunk, calls.size() - sent);
        w.Clear();
        w.U32(static_cast<std::uint32_t>(count));
        for (std::size_t i = sent; i < sent + count; ++i) {
          // After a restart the executor's baseline is zero: the first call resends ours.
          const bool resend = attempt > 0 && i == 0;
          EncodeCall(w, calls[i], vvar_size, resend ? &baseline_ : nullptr);
        }
        WriteRequest(p::Kind::kBatch, w.bytes(), deadline);
        in_flight.push_back(count);
        sent += count;
      };
      send_next();
      while (answered_requests < in_flight.size()) {
        if (sent < calls.size()) send_next();
        const auto reply = ReadResponse(p::Kind::kBatch, deadline);
        wire::Reader r(reply);
        const std::uint32_t count = r.U32();
        for (std::uint32_t i = 0; i < count && !r.failed(); ++i) {
          results.push_back(DecodeResult(r, image_address_));
        }
        if (r.failed() || count != in_flight[answered_requests]) {
          throw ChildFailure("malformed reply");
        }
        ++answered_requests;
      }
      baseline_ = baseline_after;
      return results;
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

std::vector<CallResult> VdsoExecutor::Run(std::span<const CallRequest> calls) {
  std::chrono::milliseconds budget = options_.io_timeout;
  auto baseline_after = BaselineAfter(calls, budget);
  if (calls.size() > kPipelineChunk) {
    auto results = RunPipelined(calls, budget, baseline_after);
    if (!results.empty()) return results;
  }
  const std::size_t vvar_size = baseline_.size();
  return Exchange(p::Kind::kBatch, calls.size(), budget, std::move(baseline_after),
                  [&](wire::Writer& w, bool resend_baseline) {
                    w.U32(static_cast<std::uint32_t>(calls.size()));
                    for (std::size_t i = 0; i < calls.size(); ++i) {
                      const auto& call = calls[i];
                      const bool resend = resend_baseline && i == 0 && !call.vvar_full;
                      EncodeCall(
                          w, call, vvar_size,
                          call.vvar_full ? &*call.vvar_full : (resend ? &baseline_ : nullptr));
                    }
                  });
}

std::vector<CallResult> VdsoExecutor::RunCounterSweep(const CallRequest& call,
                                                      std::span<const std::uint64_t> counters) {
  std::chrono::milliseconds budget = options_.io_timeout;
  auto baseline_after = BaselineAfter(std::span<const CallRequest>(&call, 1), budget);
  budget += (call.watchdog + std::chrono::milliseconds(1)) * static_cast<long>(counters.size());
  const std::size_t vvar_size = baseline_.size();
  return Exchange(
      p::Kind::kSweep, counters.size(), budget, std::move(baseline_after),
      [&](wire::Writer& w, bool resend_baseline) {
        EncodeCall(w, call, vvar_size,
                   call.vvar_full ? &*call.vvar_full : (resend_baseline ? &baseline_ : nullptr));
        w.U32(static_cast<std::uint32_t>(counters.size()));
        for (std::uint64_t v : counters) w.U64(v);
      });
}

CallResult VdsoExecutor::Run(const CallRequest& call) {
  return Run(std::span<const CallRequest>(&call, 1)).front();
}

BareLoopResult VdsoExecutor::BareLoop(std::uint64_t entry_offset, std::uint64_t arg0,
                                      std::uint64_t iterations,
                                      std::span<const std::uint32_t> cycle_last_offsets) {
  wire::Writer w;
  w.U64(entry_offset);
  w.U64(arg0);
  w.U64(iterations);
  w.U32(static_cast<std::uint32_t>(cycle_last_offsets.size()));
  for (std::uint32_t offset : cycle_last_offsets) w.U32(offset);
  try {
    const auto reply = Exchange(p::Kind::kBareLoop, w.bytes(),
                                options_.io_timeout + std::chrono::milliseconds(iterations / 100));
    wire::Reader r(reply);
    BareLoopResult result;
    result.iterations = iterations;
    result.bare_ns_per_call = static_cast<double>(r.U64()) / static_cast<double>(iterations);
    result.bare_last_return = r.U64();
    result.patched_ns_per_call = static_cast<double>(r.U64()) / static_cast<double>(iterations);
    return result;
  } catch (const ChildFailure& e) {
    ++restarts_;
    Start();
    throw InfraError(std::string("the bare loop killed the executor: ") + e.what());
  }
}

}  // namespace vdsoconf::riscv
