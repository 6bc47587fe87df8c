#include "vdsoconf/riscv/executor/image_executor_job.h"

#include <cstdio>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/vvar_state.h"
#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/image/image_extractor_job.h"

namespace vdsoconf::riscv {
namespace {

static_assert(protocol::kBufferFill == targets::kOutputBufferFill,
              "the executor fills output buffers with the byte the interface promises");

Arg ToArg(const targets::CallArgument& argument) {
  return argument.kind == targets::CallArgument::Kind::kOutputBuffer
             ? Arg::OutputBuffer(argument.value)
             : Arg::Value(argument.value);
}

// "ecall nr 113 a0=1 a1=0x3fffff8e0": the number (a7) and the two arguments every vDSO
// fallback passes (clock id, pointer).
std::string DescribeEcall(const CaughtEcall& ecall) {
  char text[128];
  std::snprintf(text, sizeof text, "ecall nr %llu a0=%llu a1=0x%llx",
                static_cast<unsigned long long>(ecall.number),
                static_cast<unsigned long long>(ecall.args[0]),
                static_cast<unsigned long long>(ecall.args[1]));
  return text;
}

targets::CallOutcome ToCallOutcome(protocol::Outcome outcome) {
  switch (outcome) {
    case protocol::Outcome::kFault:
      return targets::CallOutcome::kFault;
    case protocol::Outcome::kHang:
      return targets::CallOutcome::kHang;
    case protocol::Outcome::kReturned:
      break;
  }
  return targets::CallOutcome::kReturned;
}

CallRequest ToCallRequest(const targets::EntryCall& call) {
  CallRequest request;
  request.entry_offset = call.entry_offset;
  for (const auto& argument : call.args) request.args.push_back(ToArg(argument));
  if (!call.vvar.empty()) request.vvar_full = call.vvar;
  for (const auto& write : call.vvar_writes)
    request.vvar_writes.push_back({write.offset, write.bytes});
  request.counter_values = call.counter_values;
  request.syscall_return = call.syscall_return;
  request.watchdog = call.watchdog;
  return request;
}

targets::EntryCallResult ToEntryCallResult(const CallResult& result) {
  targets::EntryCallResult converted;
  converted.outcome = ToCallOutcome(result.outcome);
  converted.return_value = result.return_value;
  converted.counter_reads = result.counter_reads;
  converted.description = result.Describe();
  converted.buffers = result.buffers;
  for (const CaughtEcall& ecall : result.ecalls) {
    targets::CaughtSyscall syscall;
    syscall.number = ecall.number;
    std::copy(std::begin(ecall.args), std::end(ecall.args), syscall.args.begin());
    syscall.description = DescribeEcall(ecall);
    converted.syscalls.push_back(std::move(syscall));
  }
  return converted;
}

class Session final : public targets::ImageSession {
 public:
  Session(const VdsoImage& image, std::uint32_t vvar_pages)
      : executor_(image, vvar_pages), vvar_pages_(vvar_pages) {}

  std::size_t VvarBytes() const override { return std::size_t{vvar_pages_} * kPageSize; }

  std::uint64_t EntryOffset(std::string_view symbol) const override {
    return executor_.EntryOffset(symbol);
  }

  targets::EntryCallResult Call(const targets::EntryCall& call) override {
    return ToEntryCallResult(executor_.Run(ToCallRequest(call)));
  }

  std::vector<targets::EntryCallResult> CallBatch(
      std::span<const targets::EntryCall> calls) override {
    std::vector<CallRequest> requests;
    requests.reserve(calls.size());
    for (const auto& call : calls) requests.push_back(ToCallRequest(call));
    std::vector<targets::EntryCallResult> results;
    results.reserve(calls.size());
    for (const CallResult& result : executor_.Run(requests)) {
      results.push_back(ToEntryCallResult(result));
    }
    return results;
  }

 private:
  VdsoExecutor executor_;
  std::uint32_t vvar_pages_;
};

class ImageExecutorJob final : public targets::ImageExecutor {
 public:
  std::string_view Runner() const override { return runner_; }

  // The counter is rdtime, read under VDSO_CLOCKMODE_ARCHTIMER.
  std::int32_t CounterClockMode() const override { return ref::riscv::kClockModeArchtimer; }

  std::unique_ptr<targets::ImageSession> Start(const targets::ExtractedImage& image) override {
    const VdsoImage& native = NativeImage(image);
    if (!native.vvar_pages) {
      throw InfraError("cannot tell how many vvar pages the image expects");
    }
    return std::make_unique<Session>(native, static_cast<std::uint32_t>(*native.vvar_pages));
  }

 private:
  const std::string runner_ = ExecutorOptions{}.qemu;
};

}  // namespace

std::unique_ptr<targets::ImageExecutor> MakeImageExecutor() {
  return std::make_unique<ImageExecutorJob>();
}

}  // namespace vdsoconf::riscv
