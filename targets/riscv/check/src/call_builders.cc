// CallRequest builders for the clock entry points.
#include "vdsoconf/riscv/check/call_builders.h"

namespace vdsoconf::riscv::check {

CallRequest ClockCall(std::uint64_t entry, std::int32_t clock_id, bool buffer_present,
                      std::uint64_t counter) {
  CallRequest call;
  call.entry_offset = entry;
  call.args = {Arg::Value(static_cast<std::uint64_t>(std::int64_t{clock_id})),
               buffer_present ? Arg::OutputBuffer(16) : Arg::Value(0)};
  call.counter_values = {counter};
  call.syscall_return = kSyscallSentinel;
  return call;
}

CallRequest GettimeofdayCall(std::uint64_t entry, bool tv_present, bool tz_present,
                             std::uint64_t counter) {
  CallRequest call;
  call.entry_offset = entry;
  call.args = {tv_present ? Arg::OutputBuffer(16) : Arg::Value(0),
               tz_present ? Arg::OutputBuffer(8) : Arg::Value(0)};
  call.counter_values = {counter};
  call.syscall_return = kSyscallSentinel;
  return call;
}

void RunAgainst(const GeneratedState& state, std::span<CallRequest> calls) {
  if (calls.empty()) return;
  calls.front().vvar_full = state.bytes;
}

}  // namespace vdsoconf::riscv::check
