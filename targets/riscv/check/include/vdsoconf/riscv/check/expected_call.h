// What the executor must observe for one call, as the model predicts it, and the comparison of
// an observation (CallResult) with that prediction.
//
// The comparison is exact: the path (fast path, syscall fallback, hang), the return value, the
// ecall's number and arguments, every byte of every output buffer (bytes the vDSO must not
// write keep protocol::kBufferFill) and the number of counter reads. It is the one place that
// decides "agree"; every check that runs calls goes through CompareCall, and the unit tests feed
// it synthetic CallResults.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

// What every caught ecall returns in the calls check-image makes: a value no vDSO computes
// itself (-ENOTRECOVERABLE - 0x5000), so a fallback's return value is recognisable.
inline constexpr std::int64_t kSyscallSentinel = -0x5083;

// One expected syscall argument: a pointer the host does not know (only null or not), or a value.
struct ExpectedArg {
  enum class Kind { kExact, kNull, kNonNull };
  Kind kind = Kind::kExact;
  std::uint64_t value = 0;

  static ExpectedArg Exact(std::uint64_t v) { return {Kind::kExact, v}; }
  static ExpectedArg Pointer(bool present) { return {present ? Kind::kNonNull : Kind::kNull, 0}; }
};

struct ExpectedCall {
  enum class Path { kFastPath, kFallback, kHang };
  Path path = Path::kFastPath;
  // kFastPath: what a0 holds on return. kFallback: the sentinel the ecall returned.
  std::uint64_t return_value = 0;
  // kFallback: exactly one ecall with this number and these leading arguments.
  std::uint64_t syscall = 0;
  std::vector<ExpectedArg> syscall_args;
  // Every output buffer's bytes after the call, in argument order.
  std::vector<std::vector<std::uint8_t>> buffers;
  // Counter reads the call makes (kFastPath and kFallback); nullopt: not compared.
  std::optional<std::uint32_t> counter_reads;
  // The model's own description (ref::Describe), for reproducers.
  std::string model;
};

// clock_gettime/clock_getres as the model answered: `buffer_present` says whether the call got
// a 16-byte output buffer (res == NULL for getres otherwise). kOutsideModel has no prediction:
// returns nullopt.
std::optional<ExpectedCall> ExpectClockCall(const ref::ClockResult& model, std::int32_t clock_id,
                                            bool buffer_present);

// gettimeofday(tv, tz): tv and tz buffers (16 and 8 bytes) as present.
std::optional<ExpectedCall> ExpectGettimeofday(const ref::GettimeofdayResult& model,
                                               bool tv_present, bool tz_present);

// ExpectClockCall / ExpectGettimeofday into `expected`, reusing its memory, without the model's
// description (expected.model is left empty): the per-call form for checks that predict many
// calls. Returns false (and leaves `expected` unspecified) for kOutsideModel.
bool FillClockCall(const ref::ClockResult& model, std::int32_t clock_id, bool buffer_present,
                   ExpectedCall& expected);
bool FillGettimeofday(const ref::GettimeofdayResult& model, bool tv_present, bool tz_present,
                      ExpectedCall& expected);

// Appends `expected` to a checked sweep's answers (executor.h, ExpectedAnswers) so that the
// executor's compare equals CompareCall: return value, ecall count (1 for kFallback, 0 for
// kFastPath), counter reads, every buffer byte. A kHang prediction gets a record no run can
// match (an ecall count of 0xffffffff), so that the run comes back and CompareCall judges it.
// Requires expected.buffers to have the sizes `answers` was built for (InfraError otherwise).
void AddExpected(const ExpectedCall& expected, ExpectedAnswers& answers);

// Appends a record no run matches (an ecall count of 0xffffffff): for runs without a prediction,
// which then come back from the sweep with their full result.
void AddUnmatchable(ExpectedAnswers& answers);

// Appends one run's prediction to a sweep's answers: AddExpected(*expected), or AddUnmatchable
// when `expected` is null (outside the model); a kFallback prediction also sets the sweep's
// expected ecall (answers.ExpectEcall). Returns false when that ecall differs from the one
// already expected (a sweep is one call shape, so one syscall): the record is added, the
// expected ecall stays the first one, and the caller must not trust the sweep.
bool AddPrediction(const ExpectedCall* expected, ExpectedAnswers& answers);

// The ecall a kFallback prediction makes, as the executor compares it (number, and each argument
// exact, NULL or non-NULL); nullopt for other paths.
std::optional<ExpectedEcall> EcallOf(const ExpectedCall& expected);

// A buffer of `size` fill bytes (what the vDSO must leave untouched).
std::vector<std::uint8_t> UntouchedBuffer(std::size_t size);

// "" when `observed` agrees with `expected` in everything listed above; otherwise one line
// naming the first difference with both values, e.g. "tv_nsec: image 999999999, model 0" or
// "path: image fallback (ecall 113), model fast path".
std::string CompareCall(const CallResult& observed, const ExpectedCall& expected);

// The prediction as reproducer JSON (path, return value, syscall, buffers as hex, counter reads).
nlohmann::json DescribeExpected(const ExpectedCall& expected);

}  // namespace vdsoconf::riscv::check
