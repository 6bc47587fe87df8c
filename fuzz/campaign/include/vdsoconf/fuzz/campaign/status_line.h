// libFuzzer's progress lines, parsed into numbers for live progress and the campaign time series.
//
// Two formats exist (compiler-rt/lib/fuzzer, LLVM 14):
//   single process  "#41437\tNEW    cov: 316 ft: 643 corp: 152/32Kb lim: 4096 exec/s: 1973 rss:
//   59Mb"
//                   (events INITED, NEW, REDUCE, pulse, DONE, RELOAD; some fields may be missing)
//   -fork=N parent  "#52341: cov: 330 ft: 702 corp: 180 exec/s 17447 oom/timeout/crash: 0/0/1
//                    time: 3s job: 2 dft_time: 0"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::fuzz {

struct FuzzerStatus {
  std::uint64_t execs = 0;   // total inputs run so far (the #N)
  std::string event;         // "NEW", "pulse", "DONE", ...; "fork" for the fork-mode line
  std::uint64_t cov = 0;     // covered edges (cov:)
  std::uint64_t ft = 0;      // features (ft:)
  std::uint64_t corpus = 0;  // corpus units (corp: N or N/size)
  std::uint64_t exec_per_sec = 0;
  std::uint64_t crashes = 0;  // fork mode only: oom/timeout/crash counters
  std::uint64_t timeouts = 0;
  std::uint64_t ooms = 0;
  std::uint64_t elapsed_s = 0;  // fork mode only (time: Ns)

  friend bool operator==(const FuzzerStatus&, const FuzzerStatus&) = default;
};

// Parses one line (without the newline). Returns std::nullopt for any other output (INFO lines,
// sanitizer reports, MS: mutation lines); never throws.
std::optional<FuzzerStatus> ParseStatusLine(std::string_view line);

}  // namespace vdsoconf::fuzz
