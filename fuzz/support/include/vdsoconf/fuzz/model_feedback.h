// The model fuzzers' feedback to libFuzzer: what the reference model did with an input, told as a
// few features per input, in place of the reference reader's edge coverage.
//
// Why not edges. The reader has about 130 reachable edges; libFuzzer covers all of them within
// the first ~40,000 inputs (under a second) and then learns nothing more from them, while it
// still pays for ~24 non-zero counters on every execution: that was ~40% of the model fuzzer's
// time (fuzz/bench/model_budget.md). The reader's result record says more than its edges do: an
// edge says "the 128-bit path ran", a behaviour says "the 128-bit path ran on 6.12's hres path
// for a clock in a time namespace, after one retry". So the reader sources are built without
// coverage counters in the fuzz build (fuzz/coverage_ignorelist.txt) and every reader call the
// property makes is reported here instead. A corpus grown this way still reaches the reader's
// edges (fuzz/bench/model_budget.md: replayed through an edge-instrumented build).
//
// Each call gives two features out of kBehaviourFeatures:
//   decision  the property, generation, clock-id class, whether the task is in a time namespace,
//             which call of the property it is, and what the call decided: outcome, path,
//             fallback reason, spin kind, whether it stored a value;
//   effort    the property, the call and its path, and how the call got there, by bucket: seq
//             retries, namespace redirects, odd-seq spins, counter reads, the 128-bit
//             multiplication, iterations of the final division.
// The total number of vvar reads is not part of the effort: beyond what retries, spins and
// redirects already say, it only measured how long the fuzzer's writer kept seq odd. As a
// feature it made the corpus collect long writer windows, the fuzzer's most expensive inputs
// (~1,000 inputs instead of ~830-870, ~4% of the exec/s), without telling apart any decision.
// A feature is a hash of its tuple: two behaviours may share one, which only makes libFuzzer
// keep fewer inputs; an input is checked the same either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/reference/clock_result.h"

namespace vdsoconf::fuzz {

// libFuzzer scans its whole counter table after every input, 8 bytes at a time, and clears it
// before the next: 4096 features fit in 512 one-byte counters (ReportBehaviour says how).
inline constexpr std::size_t kBehaviourFeatures = 4096;

// The features of one input, in the order its calls were made: one call for most properties,
// two for gettimeofday (clock_gettime(REALTIME) and gettimeofday). The writer property notes only
// its call under the writer: its idle calls on the states before and after are the
// clock_gettime property's behaviours again.
class BehaviourLog {
 public:
  static constexpr std::size_t kMaxFeatures = 8;

  // `call` numbers the property's calls: 0 for the first, 1 for the second, ...
  void Note(const ModelInput& input, std::uint8_t call, const ref::ClockResult& result);
  void Note(const ModelInput& input, std::uint8_t call, const ref::GettimeofdayResult& result);

  std::span<const std::uint16_t> features() const { return {features_, count_}; }

 private:
  // Both overloads: the decision and the effort feature of `r`; `stored`: it wrote a value.
  template <typename Result>
  void NoteResult(const ModelInput& input, std::uint8_t call, const Result& r, bool stored);
  void Add(std::uint16_t feature) {
    if (count_ < kMaxFeatures) features_[count_++] = feature;
  }
  std::uint16_t features_[kMaxFeatures] = {};
  std::size_t count_ = 0;
};

// Marks `log`'s features in libFuzzer's extra counters (the __libfuzzer_extra_counters section,
// which libFuzzer clears before each input and reads after it). In a binary without libFuzzer
// the table is written and never read.
void ReportBehaviour(const BehaviourLog& log);

// The extra-counter table ReportBehaviour writes (kBehaviourFeatures / 8 counters), for tests.
std::span<std::uint8_t> BehaviourCounters();

}  // namespace vdsoconf::fuzz
