// Collects the verdict of one check: comparisons and calls counted, failures kept with their
// reproducers (the first kMaxReproducers; the rest only counted), evidence.
//
// A reproducer is a JSON object with enough to rerun the call by hand: the entry point, the
// arguments (clock id), the state's name and summary, the counter value(s), and both answers:
//   {"entry": "__vdso_clock_gettime", "clock_id": 1, "state": "edge.narrow-mask-wrap",
//    "state_summary": "...", "counter": 4096, "image": {...}, "model": {...}}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "vdsoconf/riscv/check/image_check.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

class CheckRecorder {
 public:
  static constexpr std::size_t kMaxReproducers = 16;

  explicit CheckRecorder(std::string id);

  void CountCalls(std::uint64_t n) { calls_ += n; }
  void CountComparisons(std::uint64_t n) { comparisons_ += n; }

  // Records one divergence: `summary` is one line ("CLOCK_MONOTONIC on edge.huge-seconds:
  // image tv_nsec 3 != model 4"); `reproducer` as described above.
  void Fail(std::string summary, nlohmann::json reproducer);
  // Evidence shown for every verdict (what was covered, facts used).
  void AddEvidence(const std::string& key, nlohmann::json value);

  std::uint64_t failures() const { return failures_; }
  std::uint64_t comparisons() const { return comparisons_; }
  std::uint64_t calls() const { return calls_; }

  // The outcome: kFail with "N of M comparisons differ; first: <summary>" when Fail was called,
  // else kPass with `pass_message`. Evidence gets "comparisons", "calls" and "failures".
  CheckOutcome Finish(const std::string& pass_message);
  // The outcome kSkip with `why` (nothing to compare on this image), counts kept.
  CheckOutcome Skip(const std::string& why);

 private:
  reports::CheckResult result_;
  std::uint64_t calls_ = 0;
  std::uint64_t comparisons_ = 0;
  std::uint64_t failures_ = 0;
  std::string first_failure_;
};

// The executor's answer as reproducer JSON: outcome, return value (hex and signed), counter
// reads, pauses, ecalls with numbers and arguments, fault signal/address/pc offset, and output
// buffers as hex.
nlohmann::json DescribeCallResult(const CallResult& result);

// The state part of a reproducer: {"state": name, "state_summary": summary, "kind": ...}.
nlohmann::json DescribeState(const GeneratedState& state);

// Lower-case hex of `bytes`, no separators.
std::string HexBytes(const std::vector<std::uint8_t>& bytes);

}  // namespace vdsoconf::riscv::check
