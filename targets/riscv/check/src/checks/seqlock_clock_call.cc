#include "seqlock_clock_call.h"

#include <cstring>
#include <sstream>

#include "vdsoconf/riscv/check/check_recorder.h"

namespace vdsoconf::riscv::check {
namespace {

void PutLittleEndian(std::vector<std::uint8_t>& buffer, std::size_t at, std::uint64_t value,
                     std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) buffer[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::vector<std::uint8_t> Fill(std::size_t size) {
  return std::vector<std::uint8_t>(size, protocol::kBufferFill);
}

// The kind and syscall of a model outcome; true when the vDSO stores its answer.
bool SetRoute(ref::Outcome outcome, ref::Syscall syscall, std::int64_t syscall_return,
              ExpectedCall& expected) {
  expected.syscall_return = syscall_return;
  switch (outcome) {
    case ref::Outcome::kReturned:
      expected.kind = ExpectedCall::Kind::kReturned;
      return true;
    case ref::Outcome::kFallback:
      expected.kind = ExpectedCall::Kind::kFallback;
      expected.syscall = static_cast<std::uint64_t>(syscall);
      return false;
    case ref::Outcome::kWouldSpin:
    case ref::Outcome::kOutsideModel:
      break;
  }
  expected.kind = ExpectedCall::Kind::kHang;
  return false;
}

std::string_view KindName(ExpectedCall::Kind kind) {
  switch (kind) {
    case ExpectedCall::Kind::kReturned:
      return "returned";
    case ExpectedCall::Kind::kFallback:
      return "fallback";
    case ExpectedCall::Kind::kHang:
      return "hang";
  }
  return "?";
}

// The executor's result in the same terms.
ExpectedCall::Kind ObservedKind(const CallResult& observed) {
  if (observed.outcome == protocol::Outcome::kHang) return ExpectedCall::Kind::kHang;
  return observed.ecalls.empty() ? ExpectedCall::Kind::kReturned : ExpectedCall::Kind::kFallback;
}

}  // namespace

ExpectedCall ExpectTimespecCall(const ref::ClockResult& model, std::int64_t syscall_return) {
  ExpectedCall expected;
  std::vector<std::uint8_t> ts = Fill(16);
  if (SetRoute(model.outcome, model.syscall, syscall_return, expected) && model.ts_written) {
    PutLittleEndian(ts, 0, static_cast<std::uint64_t>(model.ts.tv_sec), 8);
    PutLittleEndian(ts, 8, static_cast<std::uint64_t>(model.ts.tv_nsec), 8);
  }
  expected.buffers = {std::move(ts)};
  return expected;
}

ExpectedCall ExpectGettimeofdayCall(const ref::GettimeofdayResult& model,
                                    std::int64_t syscall_return) {
  ExpectedCall expected;
  std::vector<std::uint8_t> tv = Fill(16);
  std::vector<std::uint8_t> tz = Fill(8);
  if (SetRoute(model.outcome, model.syscall, syscall_return, expected)) {
    if (model.tv_written) {
      PutLittleEndian(tv, 0, static_cast<std::uint64_t>(model.tv.tv_sec), 8);
      PutLittleEndian(tv, 8, static_cast<std::uint64_t>(model.tv.tv_usec), 8);
    }
    if (model.tz_written) {
      PutLittleEndian(tz, 0, static_cast<std::uint32_t>(model.tz.tz_minuteswest), 4);
      PutLittleEndian(tz, 4, static_cast<std::uint32_t>(model.tz.tz_dsttime), 4);
    }
  }
  expected.buffers = {std::move(tv), std::move(tz)};
  return expected;
}

std::string CompareCall(const ExpectedCall& expected, const CallResult& observed) {
  std::ostringstream diff;
  auto note = [&diff](const std::string& text) {
    if (diff.tellp() > 0) diff << "; ";
    diff << text;
  };
  if (observed.outcome == protocol::Outcome::kFault) {
    note("image faulted (" + observed.Describe() + "), model " +
         std::string(KindName(expected.kind)));
    return diff.str();
  }
  const ExpectedCall::Kind kind = ObservedKind(observed);
  if (kind != expected.kind) {
    note("image " + std::string(KindName(kind)) + " != model " +
         std::string(KindName(expected.kind)));
  }
  if (kind == ExpectedCall::Kind::kHang) return diff.str();
  if (kind == ExpectedCall::Kind::kFallback) {
    if (observed.ecalls.size() != 1 || observed.ecalls[0].number != expected.syscall) {
      note("image ecalls " + observed.Describe() + ", model syscall " +
           std::to_string(expected.syscall));
    }
  }
  const std::int64_t want =
      expected.kind == ExpectedCall::Kind::kFallback ? expected.syscall_return : 0;
  const auto got = static_cast<std::int32_t>(observed.return_value);
  if (got != static_cast<std::int32_t>(want)) {
    note("return " + std::to_string(got) + " != model " + std::to_string(want));
  }
  if (observed.buffers.size() != expected.buffers.size()) {
    note("image returned " + std::to_string(observed.buffers.size()) + " buffers, model " +
         std::to_string(expected.buffers.size()));
  } else {
    for (std::size_t i = 0; i < expected.buffers.size(); ++i) {
      if (observed.buffers[i] != expected.buffers[i]) {
        note("buffer " + std::to_string(i) + " " + HexBytes(observed.buffers[i]) +
             " != model " + HexBytes(expected.buffers[i]));
      }
    }
  }
  if (expected.counter_reads && observed.counter_reads != *expected.counter_reads) {
    note("counter reads " + std::to_string(observed.counter_reads) + " != model " +
         std::to_string(*expected.counter_reads));
  }
  if (expected.pauses && observed.pauses != *expected.pauses) {
    note("pauses " + std::to_string(observed.pauses) + " != model " +
         std::to_string(*expected.pauses));
  }
  return diff.str();
}

std::string DescribeExpected(const ExpectedCall& expected) {
  std::ostringstream out;
  out << KindName(expected.kind);
  if (expected.kind == ExpectedCall::Kind::kFallback) out << " syscall " << expected.syscall;
  for (const auto& buffer : expected.buffers) out << " buffer " << HexBytes(buffer);
  if (expected.counter_reads) out << " counter_reads " << *expected.counter_reads;
  if (expected.pauses) out << " pauses " << *expected.pauses;
  return out.str();
}

}  // namespace vdsoconf::riscv::check
