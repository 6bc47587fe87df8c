// The model's prediction of one call and its exact comparison with the executor's observation.
#include "vdsoconf/riscv/check/expected_call.h"

#include <cstring>
#include <sstream>

#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/executor/protocol.h"

namespace vdsoconf::riscv::check {
namespace {

void PutU64(std::vector<std::uint8_t>& buffer, std::size_t offset, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i)
    buffer[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}
void PutU32(std::vector<std::uint8_t>& buffer, std::size_t offset, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i)
    buffer[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint64_t U64(std::int64_t value) {
  return static_cast<std::uint64_t>(value);
}

// An int argument as the RISC-V LP64 ABI passes it: sign-extended to 64 bits.
std::uint64_t IntArgument(std::int32_t value) {
  return U64(std::int64_t{value});
}

std::string Hex(std::uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

std::string_view PathName(ExpectedCall::Path path) {
  switch (path) {
    case ExpectedCall::Path::kFastPath:
      return "fast path";
    case ExpectedCall::Path::kFallback:
      return "syscall fallback";
    case ExpectedCall::Path::kHang:
      return "no return (spins)";
  }
  return "?";
}

std::string ObservedPath(const CallResult& observed) {
  switch (observed.outcome) {
    case protocol::Outcome::kFault:
      return "fault (" + observed.Describe() + ")";
    case protocol::Outcome::kHang:
      return "hang (" + observed.Describe() + ")";
    case protocol::Outcome::kReturned:
      break;
  }
  if (observed.ecalls.empty()) return "fast path";
  return "syscall fallback (ecall " + std::to_string(observed.ecalls.front().number) + ")";
}

std::uint64_t WordAt(const std::vector<std::uint8_t>& buffer, std::size_t offset) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8 && offset + i < buffer.size(); ++i) {
    value |= std::uint64_t{buffer[offset + i]} << (8 * i);
  }
  return value;
}

std::string CompareBuffers(const CallResult& observed, const ExpectedCall& expected) {
  if (observed.buffers.size() != expected.buffers.size()) {
    return "output buffers: image " + std::to_string(observed.buffers.size()) + ", model " +
           std::to_string(expected.buffers.size());
  }
  for (std::size_t b = 0; b < expected.buffers.size(); ++b) {
    const auto& got = observed.buffers[b];
    const auto& want = expected.buffers[b];
    if (got.size() != want.size()) {
      return "buffer " + std::to_string(b) + " size: image " + std::to_string(got.size()) +
             ", model " + std::to_string(want.size());
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (got[i] == want[i]) continue;
      const std::size_t word = i - i % 8;
      return "buffer " + std::to_string(b) + " bytes " + std::to_string(word) + ".." +
             std::to_string(word + 7) + ": image " +
             std::to_string(static_cast<std::int64_t>(WordAt(got, word))) + " (" +
             Hex(WordAt(got, word)) + "), model " +
             std::to_string(static_cast<std::int64_t>(WordAt(want, word))) + " (" +
             Hex(WordAt(want, word)) + ")";
    }
  }
  return "";
}

std::string CompareEcalls(const CallResult& observed, const ExpectedCall& expected) {
  if (expected.path == ExpectedCall::Path::kFastPath) return "";
  if (observed.ecalls.size() != 1) {
    return "ecalls: image " + std::to_string(observed.ecalls.size()) + ", model 1 (syscall " +
           std::to_string(expected.syscall) + ")";
  }
  const CaughtEcall& ecall = observed.ecalls.front();
  if (ecall.number != expected.syscall) {
    return "syscall number: image " + std::to_string(ecall.number) + ", model " +
           std::to_string(expected.syscall);
  }
  for (std::size_t i = 0; i < expected.syscall_args.size() && i < 6; ++i) {
    const ExpectedArg& arg = expected.syscall_args[i];
    const std::uint64_t got = ecall.args[i];
    const bool ok = arg.kind == ExpectedArg::Kind::kExact  ? got == arg.value
                    : arg.kind == ExpectedArg::Kind::kNull ? got == 0
                                                           : got != 0;
    if (!ok) {
      const std::string want = arg.kind == ExpectedArg::Kind::kExact  ? Hex(arg.value)
                               : arg.kind == ExpectedArg::Kind::kNull ? "NULL"
                                                                      : "a non-NULL pointer";
      return "syscall " + std::to_string(expected.syscall) + " a" + std::to_string(i) + ": image " +
             Hex(got) + ", model " + want;
    }
  }
  return "";
}

// `expected` as a fresh prediction with `sizes` untouched buffers, keeping the memory of its
// vectors and string (FillClockCall runs once per compared call).
void Reset(ExpectedCall& expected, std::initializer_list<std::size_t> sizes) {
  expected.path = ExpectedCall::Path::kFastPath;
  expected.return_value = 0;
  expected.syscall = 0;
  expected.syscall_args.clear();
  expected.buffers.resize(sizes.size());
  std::size_t b = 0;
  for (const std::size_t size : sizes) expected.buffers[b++].assign(size, protocol::kBufferFill);
  expected.counter_reads.reset();
  expected.model.clear();
}

}  // namespace

std::vector<std::uint8_t> UntouchedBuffer(std::size_t size) {
  return std::vector<std::uint8_t>(size, protocol::kBufferFill);
}

bool FillClockCall(const ref::ClockResult& model, std::int32_t clock_id, bool buffer_present,
                   ExpectedCall& expected) {
  if (buffer_present) {
    Reset(expected, {16});
  } else {
    Reset(expected, {});
  }
  expected.counter_reads = model.stats.counter_reads;
  switch (model.outcome) {
    case ref::Outcome::kReturned:
      expected.path = ExpectedCall::Path::kFastPath;
      expected.return_value = 0;
      if (buffer_present && model.ts_written) {
        PutU64(expected.buffers[0], 0, U64(model.ts.tv_sec));
        PutU64(expected.buffers[0], 8, U64(model.ts.tv_nsec));
      }
      return true;
    case ref::Outcome::kFallback:
      expected.path = ExpectedCall::Path::kFallback;
      expected.return_value = U64(kSyscallSentinel);
      expected.syscall = static_cast<std::uint64_t>(model.syscall);
      expected.syscall_args.push_back(ExpectedArg::Exact(IntArgument(clock_id)));
      expected.syscall_args.push_back(ExpectedArg::Pointer(buffer_present));
      return true;
    case ref::Outcome::kWouldSpin:
      expected.path = ExpectedCall::Path::kHang;
      expected.counter_reads.reset();
      return true;
    case ref::Outcome::kOutsideModel:
      break;
  }
  return false;
}

std::optional<ExpectedCall> ExpectClockCall(const ref::ClockResult& model, std::int32_t clock_id,
                                            bool buffer_present) {
  ExpectedCall expected;
  if (!FillClockCall(model, clock_id, buffer_present, expected)) return std::nullopt;
  expected.model = ref::Describe(model);
  return expected;
}

std::optional<ExpectedCall> ExpectGettimeofday(const ref::GettimeofdayResult& model,
                                               bool tv_present, bool tz_present) {
  ExpectedCall expected;
  if (!FillGettimeofday(model, tv_present, tz_present, expected)) return std::nullopt;
  expected.model = ref::Describe(model);
  return expected;
}

bool FillGettimeofday(const ref::GettimeofdayResult& model, bool tv_present, bool tz_present,
                      ExpectedCall& expected) {
  if (tv_present && tz_present) {
    Reset(expected, {16, 8});
  } else if (tv_present) {
    Reset(expected, {16});
  } else if (tz_present) {
    Reset(expected, {8});
  } else {
    Reset(expected, {});
  }
  expected.counter_reads = model.stats.counter_reads;
  switch (model.outcome) {
    case ref::Outcome::kReturned: {
      expected.path = ExpectedCall::Path::kFastPath;
      if (tv_present && model.tv_written) {
        PutU64(expected.buffers[0], 0, U64(model.tv.tv_sec));
        PutU64(expected.buffers[0], 8, U64(model.tv.tv_usec));
      }
      if (tz_present && model.tz_written) {
        auto& tz = expected.buffers[tv_present ? 1 : 0];
        PutU32(tz, 0, static_cast<std::uint32_t>(model.tz.tz_minuteswest));
        PutU32(tz, 4, static_cast<std::uint32_t>(model.tz.tz_dsttime));
      }
      return true;
    }
    case ref::Outcome::kFallback:
      expected.path = ExpectedCall::Path::kFallback;
      expected.return_value = U64(kSyscallSentinel);
      expected.syscall = static_cast<std::uint64_t>(model.syscall);
      expected.syscall_args.push_back(ExpectedArg::Pointer(tv_present));
      expected.syscall_args.push_back(ExpectedArg::Pointer(tz_present));
      return true;
    case ref::Outcome::kWouldSpin:
      expected.path = ExpectedCall::Path::kHang;
      expected.counter_reads.reset();
      return true;
    case ref::Outcome::kOutsideModel:
      break;
  }
  return false;
}

std::string CompareCall(const CallResult& observed, const ExpectedCall& expected) {
  const bool observed_hang = observed.outcome == protocol::Outcome::kHang;
  if (expected.path == ExpectedCall::Path::kHang) {
    if (observed_hang) return "";
    return "path: image " + ObservedPath(observed) + ", model " +
           std::string(PathName(expected.path));
  }
  if (observed.outcome != protocol::Outcome::kReturned) {
    return "path: image " + ObservedPath(observed) + ", model " +
           std::string(PathName(expected.path));
  }
  const bool observed_fallback = !observed.ecalls.empty();
  if (observed_fallback != (expected.path == ExpectedCall::Path::kFallback)) {
    return "path: image " + ObservedPath(observed) + ", model " +
           std::string(PathName(expected.path)) +
           (expected.path == ExpectedCall::Path::kFallback
                ? " (syscall " + std::to_string(expected.syscall) + ")"
                : "");
  }
  if (std::string ecalls = CompareEcalls(observed, expected); !ecalls.empty()) return ecalls;
  if (observed.return_value != expected.return_value) {
    return "return value: image " +
           std::to_string(static_cast<std::int64_t>(observed.return_value)) + ", model " +
           std::to_string(static_cast<std::int64_t>(expected.return_value));
  }
  if (std::string buffers = CompareBuffers(observed, expected); !buffers.empty()) return buffers;
  if (expected.counter_reads && observed.counter_reads != *expected.counter_reads) {
    return "counter reads: image " + std::to_string(observed.counter_reads) + ", model " +
           std::to_string(*expected.counter_reads);
  }
  return "";
}

nlohmann::json DescribeExpected(const ExpectedCall& expected) {
  nlohmann::json json = {{"path", PathName(expected.path)}, {"model", expected.model}};
  if (expected.path != ExpectedCall::Path::kHang) {
    json["return_value"] = static_cast<std::int64_t>(expected.return_value);
  }
  if (expected.path == ExpectedCall::Path::kFallback) json["syscall"] = expected.syscall;
  if (expected.counter_reads) json["counter_reads"] = *expected.counter_reads;
  json["buffers"] = nlohmann::json::array();
  for (const auto& buffer : expected.buffers) json["buffers"].push_back(HexBytes(buffer));
  return json;
}

void AddExpected(const ExpectedCall& expected, ExpectedAnswers& answers) {
  // Kept across calls: no allocation per record.
  thread_local std::vector<std::uint8_t> bytes;
  bytes.clear();
  for (const auto& buffer : expected.buffers)
    bytes.insert(bytes.end(), buffer.begin(), buffer.end());
  switch (expected.path) {
    case ExpectedCall::Path::kFastPath:
      answers.Add(expected.return_value, bytes, 0, expected.counter_reads);
      return;
    case ExpectedCall::Path::kFallback:
      answers.Add(expected.return_value, bytes, 1, expected.counter_reads);
      return;
    case ExpectedCall::Path::kHang:
      AddUnmatchable(answers);
      return;
  }
}

void AddUnmatchable(ExpectedAnswers& answers) {
  thread_local std::vector<std::uint8_t> fill;
  fill.assign(answers.buffer_bytes(), protocol::kBufferFill);
  answers.Add(0, fill, 0xffffffffu, std::nullopt);
}

bool AddPrediction(const ExpectedCall* expected, ExpectedAnswers& answers) {
  if (expected == nullptr) {
    AddUnmatchable(answers);
    return true;
  }
  AddExpected(*expected, answers);
  const std::optional<ExpectedEcall> ecall = EcallOf(*expected);
  if (!ecall) return true;
  if (const auto& already = answers.ecall()) {
    return already->number == ecall->number && already->kinds == ecall->kinds &&
           already->values == ecall->values;
  }
  answers.ExpectEcall(*ecall);
  return true;
}

std::optional<ExpectedEcall> EcallOf(const ExpectedCall& expected) {
  if (expected.path != ExpectedCall::Path::kFallback) return std::nullopt;
  ExpectedEcall ecall;
  ecall.number = expected.syscall;
  for (std::size_t i = 0; i < expected.syscall_args.size() && i < 6; ++i) {
    const ExpectedArg& arg = expected.syscall_args[i];
    ecall.values[i] = arg.value;
    ecall.kinds[i] = arg.kind == ExpectedArg::Kind::kExact  ? protocol::EcallArgKind::kExact
                     : arg.kind == ExpectedArg::Kind::kNull ? protocol::EcallArgKind::kNull
                                                            : protocol::EcallArgKind::kNonNull;
  }
  return ecall;
}

}  // namespace vdsoconf::riscv::check
