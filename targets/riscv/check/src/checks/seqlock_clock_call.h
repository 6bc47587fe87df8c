// What the executor must report for one clock call, as the reference reader predicts it, and the
// comparison of the two. Shared by the deep checks (seqlock, field_sensitivity, overflow): each
// turns the model's ClockResult/GettimeofdayResult into an ExpectedCall and compares it with the
// CallResult of the same request.
//
// What is compared (everything the executor can see):
//   outcome    model kReturned/kFallback = executor kReturned; model kWouldSpin = executor kHang
//              (the watchdog); a fault is never expected.
//   syscall    fallback: exactly one ecall, with the model's syscall number; else no ecall.
//   return     returned: 0; fallback: what the caught ecall returned (CallRequest.syscall_return),
//              compared as the C int the entry points return.
//   buffers    the output buffers byte for byte: the model's values where it writes, the executor's
//              fill byte (protocol::kBufferFill) where it does not.
//   reads      counter reads and pauses, when the model's count is known (MirrorSource). Skipped
//              for a hang: the count then only says how long the watchdog took.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

struct ExpectedCall {
  enum class Kind { kReturned, kFallback, kHang } kind = Kind::kReturned;
  std::uint64_t syscall = 0;  // kFallback
  std::int64_t syscall_return = 0;
  std::vector<std::vector<std::uint8_t>> buffers;
  std::optional<std::uint32_t> counter_reads;
  std::optional<std::uint32_t> pauses;
};

// clock_gettime/clock_getres into one 16-byte buffer. A model outcome of kOutsideModel (the
// model cannot say) becomes kHang like kWouldSpin; callers do not build such cases.
ExpectedCall ExpectTimespecCall(const ref::ClockResult& model, std::int64_t syscall_return);

// gettimeofday into a 16-byte timeval buffer and an 8-byte timezone buffer.
ExpectedCall ExpectGettimeofdayCall(const ref::GettimeofdayResult& model,
                                    std::int64_t syscall_return);

// Empty when `observed` is what `expected` says; otherwise one line naming every difference with
// both values ("counter reads 1 != model 2; buffer 0 ... != ...").
std::string CompareCall(const ExpectedCall& expected, const CallResult& observed);

// The expectation as reproducer JSON (kind, syscall, buffers as hex, reads).
std::string DescribeExpected(const ExpectedCall& expected);

}  // namespace vdsoconf::riscv::check
