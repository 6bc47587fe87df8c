#include "vdsoconf/fuzz/differential/compare.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <sstream>
#include <vector>

namespace vdsoconf::fuzz {
namespace {

using targets::CallOutcome;

// What the model says one call must look like from the outside, whatever the entry point.
struct Expected {
  std::string label;       // "clock_gettime/hres": the constant part of every finding's WHAT
  std::string model_text;  // ref::Describe of the model's result
  ref::Outcome outcome = ref::Outcome::kReturned;
  ref::Syscall syscall = ref::Syscall::kNone;
  std::optional<std::uint32_t> a0;  // the clock id a fallback must pass on
  // One entry per output buffer, in order: the bytes the vDSO stores, or nullopt for "untouched".
  std::vector<std::optional<std::vector<std::uint8_t>>> buffers;
  std::uint32_t counter_reads = 0;
  std::uint64_t division_iterations = 0;
};

void PutLe64(std::vector<std::uint8_t>& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
void PutLe32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::uint8_t b : bytes) {
    text += kDigits[b >> 4];
    text += kDigits[b & 15];
  }
  return text;
}

std::string Label(std::string_view entry, ref::ReaderPath path, ref::Outcome outcome,
                  ref::FallbackReason fallback, ref::SpinKind spin) {
  std::string label(entry);
  label += '/';
  switch (outcome) {
    case ref::Outcome::kFallback:
      label += "fallback-";
      label += ref::FallbackReasonName(fallback);
      break;
    case ref::Outcome::kWouldSpin:
      label += "spin-";
      label += ref::SpinKindName(spin);
      break;
    default:
      label += ref::ReaderPathName(path);
  }
  return label;
}

std::optional<Disagreement> Differ(const Expected& expected, const targets::EntryCallResult& image,
                                   std::string_view aspect, const std::string& more = "") {
  Disagreement d;
  d.kind = "divergence";
  d.what = expected.label + ": " + std::string(aspect);
  d.details = "model: " + expected.model_text + " | image: " + image.description;
  for (std::size_t i = 0; i < image.buffers.size(); ++i) {
    d.details += " | image buffer " + std::to_string(i) + ": " + Hex(image.buffers[i]);
  }
  if (!more.empty()) d.details += " | " + more;
  return d;
}

bool Untouched(std::span<const std::uint8_t> buffer) {
  return std::all_of(buffer.begin(), buffer.end(),
                     [](std::uint8_t b) { return b == targets::kOutputBufferFill; });
}

std::optional<Disagreement> CompareExpected(const Expected& expected,
                                            const targets::EntryCallResult& image,
                                            std::int64_t syscall_return) {
  if (expected.outcome == ref::Outcome::kOutsideModel) return std::nullopt;
  if (image.outcome == CallOutcome::kFault) return Differ(expected, image, "fault");
  if (expected.outcome == ref::Outcome::kWouldSpin) {
    if (image.outcome != CallOutcome::kHang)
      return Differ(expected, image, "returned-instead-of-spin");
    return std::nullopt;
  }
  if (image.outcome == CallOutcome::kHang) {
    if (expected.division_iterations >= kSlowDivisionIterations) return std::nullopt;
    return Differ(expected, image, "hang");
  }
  if (image.buffers.size() != expected.buffers.size()) {
    return Differ(expected, image, "buffer-count",
                  "expected " + std::to_string(expected.buffers.size()) + " buffers");
  }
  for (std::size_t i = 0; i < expected.buffers.size(); ++i) {
    const auto& want = expected.buffers[i];
    const bool ok = want ? image.buffers[i] == *want : Untouched(image.buffers[i]);
    if (!ok) {
      return Differ(expected, image, want ? "value" : "stored-on-fallback",
                    "buffer " + std::to_string(i) +
                        " expected: " + (want ? Hex(*want) : std::string("untouched")));
    }
  }
  if (expected.outcome == ref::Outcome::kFallback) {
    if (image.syscalls.size() != 1) return Differ(expected, image, "no-single-syscall");
    const targets::CaughtSyscall& caught = image.syscalls.front();
    if (caught.number != static_cast<std::uint64_t>(expected.syscall)) {
      return Differ(expected, image, "syscall-number",
                    "expected nr " + std::to_string(static_cast<int>(expected.syscall)) +
                        ", image nr " + std::to_string(caught.number));
    }
    // Compared as 32 bits: clockid_t is an int, whose upper register half the ABI leaves to the
    // caller's sign extension, not to the vDSO.
    if (expected.a0 && static_cast<std::uint32_t>(caught.args[0]) != *expected.a0) {
      return Differ(expected, image, "syscall-arguments",
                    "expected a0 " + std::to_string(*expected.a0) + ", image a0 " +
                        std::to_string(caught.args[0]));
    }
    if (image.return_value != static_cast<std::uint64_t>(syscall_return)) {
      return Differ(expected, image, "syscall-return-dropped",
                    "kernel returned " + std::to_string(syscall_return));
    }
    return std::nullopt;
  }
  if (!image.syscalls.empty()) return Differ(expected, image, "syscall-instead-of-answer");
  if (image.return_value != 0) return Differ(expected, image, "return-value");
  if (image.counter_reads != expected.counter_reads) {
    return Differ(expected, image, "counter-reads",
                  "model counter reads " + std::to_string(expected.counter_reads));
  }
  return std::nullopt;
}

}  // namespace

std::string_view ClockEntryName(ClockEntry entry) {
  return entry == ClockEntry::kClockGettime ? "clock_gettime" : "clock_getres";
}

std::optional<Disagreement> CompareClockCall(ClockEntry entry, std::int32_t clock_id,
                                             bool out_present, const ref::ClockResult& model,
                                             const targets::EntryCallResult& image,
                                             std::int64_t syscall_return) {
  Expected expected;
  expected.label =
      Label(ClockEntryName(entry), model.path, model.outcome, model.fallback, model.spin);
  expected.model_text = ref::Describe(model);
  expected.outcome = model.outcome;
  expected.syscall = model.syscall;
  expected.a0 = static_cast<std::uint32_t>(clock_id);
  expected.counter_reads = model.stats.counter_reads;
  expected.division_iterations = model.stats.division_iterations;
  const bool has_buffer = entry == ClockEntry::kClockGettime || out_present;
  if (has_buffer) {
    if (model.ts_written) {
      std::vector<std::uint8_t> ts;
      PutLe64(ts, static_cast<std::uint64_t>(model.ts.tv_sec));
      PutLe64(ts, static_cast<std::uint64_t>(model.ts.tv_nsec));
      expected.buffers.emplace_back(std::move(ts));
    } else {
      expected.buffers.emplace_back(std::nullopt);
    }
  }
  return CompareExpected(expected, image, syscall_return);
}

std::optional<Disagreement> CompareGettimeofday(bool tv_present, bool tz_present,
                                                const ref::GettimeofdayResult& model,
                                                const targets::EntryCallResult& image,
                                                std::int64_t syscall_return) {
  Expected expected;
  expected.label = Label("gettimeofday", model.path, model.outcome, model.fallback, model.spin);
  expected.model_text = ref::Describe(model);
  expected.outcome = model.outcome;
  expected.syscall = model.syscall;
  expected.counter_reads = model.stats.counter_reads;
  expected.division_iterations = model.stats.division_iterations;
  if (tv_present) {
    if (model.tv_written) {
      std::vector<std::uint8_t> tv;
      PutLe64(tv, static_cast<std::uint64_t>(model.tv.tv_sec));
      PutLe64(tv, static_cast<std::uint64_t>(model.tv.tv_usec));
      expected.buffers.emplace_back(std::move(tv));
    } else {
      expected.buffers.emplace_back(std::nullopt);
    }
  }
  if (tz_present) {
    if (model.tz_written) {
      std::vector<std::uint8_t> tz;
      PutLe32(tz, static_cast<std::uint32_t>(model.tz.tz_minuteswest));
      PutLe32(tz, static_cast<std::uint32_t>(model.tz.tz_dsttime));
      expected.buffers.emplace_back(std::move(tz));
    } else {
      expected.buffers.emplace_back(std::nullopt);
    }
  }
  return CompareExpected(expected, image, syscall_return);
}

}  // namespace vdsoconf::fuzz
