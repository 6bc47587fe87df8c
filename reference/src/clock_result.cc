#include "vdsoconf/reference/clock_result.h"

#include <ostream>
#include <string>

namespace vdsoconf::ref {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kReturned:
      return "returned";
    case Outcome::kFallback:
      return "fallback";
    case Outcome::kWouldSpin:
      return "would-spin";
    case Outcome::kOutsideModel:
      return "outside-model";
  }
  return "unknown";
}

std::string_view ReaderPathName(ReaderPath path) {
  switch (path) {
    case ReaderPath::kNone:
      return "none";
    case ReaderPath::kHres:
      return "hres";
    case ReaderPath::kHresTimens:
      return "hres-timens";
    case ReaderPath::kCoarse:
      return "coarse";
    case ReaderPath::kCoarseTimens:
      return "coarse-timens";
    case ReaderPath::kAux:
      return "aux";
    case ReaderPath::kResHrtimer:
      return "res-hrtimer";
    case ReaderPath::kResCoarse:
      return "res-coarse";
    case ReaderPath::kResAux:
      return "res-aux";
  }
  return "unknown";
}

std::string_view FallbackReasonName(FallbackReason reason) {
  switch (reason) {
    case FallbackReason::kNone:
      return "none";
    case FallbackReason::kClockIdOutOfRange:
      return "clock-id-out-of-range";
    case FallbackReason::kClockIdNotInVdso:
      return "clock-id-not-in-vdso";
    case FallbackReason::kVdsoClockModeNone:
      return "clock-mode-none";
    case FallbackReason::kAuxClocksNotBuilt:
      return "aux-clocks-not-built";
    case FallbackReason::kAuxClockDisabled:
      return "aux-clock-disabled";
  }
  return "unknown";
}

std::string_view SpinKindName(SpinKind kind) {
  switch (kind) {
    case SpinKind::kNone:
      return "none";
    case SpinKind::kOddSeq:
      return "odd-seq";
    case SpinKind::kSeqNeverStable:
      return "seq-never-stable";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const KernelTimespec& ts) {
  return out << "{" << ts.tv_sec << "," << ts.tv_nsec << "}";
}

std::ostream& operator<<(std::ostream& out, const KernelTimeval& tv) {
  return out << "{" << tv.tv_sec << "," << tv.tv_usec << "}";
}

std::ostream& operator<<(std::ostream& out, const KernelTimezone& tz) {
  return out << "{" << tz.tz_minuteswest << "," << tz.tz_dsttime << "}";
}

namespace {

std::string DescribeCommon(Outcome outcome, ReaderPath path, FallbackReason fallback,
                           Syscall syscall, SpinKind spin, const ReadStats& stats) {
  std::string out(OutcomeName(outcome));
  out += " path=" + std::string(ReaderPathName(path));
  if (outcome == Outcome::kFallback) {
    out += " reason=" + std::string(FallbackReasonName(fallback));
    out += " syscall=" + std::to_string(static_cast<int>(syscall));
  }
  if (outcome == Outcome::kWouldSpin) out += " spin=" + std::string(SpinKindName(spin));
  out += " reads=" + std::to_string(stats.reads);
  out += " counter_reads=" + std::to_string(stats.counter_reads);
  out += " odd_spins=" + std::to_string(stats.odd_seq_spins);
  out += " retries=" + std::to_string(stats.seq_retries);
  out += " timens_redirects=" + std::to_string(stats.timens_redirects);
  out += " mul128=" + std::to_string(stats.used_mul_u64_u32_add_u64_shr);
  out += " div_iterations=" + std::to_string(stats.division_iterations);
  return out;
}

}  // namespace

std::string Describe(const ClockResult& r) {
  std::string out = DescribeCommon(r.outcome, r.path, r.fallback, r.syscall, r.spin, r.stats);
  if (r.ts_written) {
    out += " ts={" + std::to_string(r.ts.tv_sec) + "," + std::to_string(r.ts.tv_nsec) + "}";
  }
  return out;
}

std::string Describe(const GettimeofdayResult& r) {
  std::string out = DescribeCommon(r.outcome, r.path, r.fallback, r.syscall, r.spin, r.stats);
  if (r.tv_written) {
    out += " tv={" + std::to_string(r.tv.tv_sec) + "," + std::to_string(r.tv.tv_usec) + "}";
  }
  if (r.tz_written) {
    out +=
        " tz={" + std::to_string(r.tz.tz_minuteswest) + "," + std::to_string(r.tz.tz_dsttime) + "}";
  }
  return out;
}

}  // namespace vdsoconf::ref
