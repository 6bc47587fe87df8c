// A fuzzing campaign: one fuzz_* binary (built by the `fuzz` preset) run under libFuzzer's -fork
// for a bounded time, its progress followed live, its crashes collected, replayed, deduplicated,
// minimised and written out as reproducers with a JSON summary.
//
// Layout of the output directory:
//   DIR/corpus/                 the grown corpus (seeds from fuzz/corpus/NAME are read, not
//   changed) DIR/artifacts/              libFuzzer's raw crash-*/timeout-*/oom-* files
//   DIR/findings/F-<hash>.bin   one minimised reproducer per finding, with F-<hash>.json beside it
//                               (target, key, class, first line, how to replay)
//   DIR/documented/             inputs the differential target saw showing documented behaviour
//                               (it saves the first per process and keeps going; replayed
//                               strictly, they become findings of class documented-behaviour)
//   DIR/fuzz-summary.json       totals, time series (for plots), findings
//   DIR/fuzzer.log              the fuzzer's whole output
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/fuzz/campaign/finding_key.h"
#include "vdsoconf/fuzz/campaign/status_line.h"

namespace vdsoconf::fuzz {

struct CampaignOptions {
  std::string target;                // "model" runs fuzz_model
  std::filesystem::path fuzzer_dir;  // where fuzz_* binaries are (searched recursively)
  std::filesystem::path source_dir;  // the repository's fuzz/ (seeds, dictionaries, options)
  std::filesystem::path out_dir;
  std::chrono::seconds duration{60};
  int jobs = 1;
  // A vDSO image or kernel for the differential target: passed as $VDSOCONF_FUZZ_IMAGE to every
  // run of the fuzzer (campaign, replays, minimisation) and recorded in each finding's sidecar.
  std::optional<std::filesystem::path> image;
  std::chrono::seconds minimize_time{30};  // per finding
};

struct Finding {
  std::string key;
  FindingClass finding_class = FindingClass::kModelBug;
  std::string first_line;  // the report's most telling line
  std::uint64_t occurrences = 0;
  std::filesystem::path reproducer;
  bool minimized = false;
};

struct CampaignSummary {
  std::string target;
  std::filesystem::path fuzzer;
  std::chrono::seconds duration{0};
  int jobs = 1;
  std::vector<FuzzerStatus> series;    // every status line, in order
  std::vector<double> series_seconds;  // for each, wall-clock seconds since the start
  FuzzerStatus last;
  std::vector<Finding> findings;
  std::string infra_error;  // non-empty when the campaign could not run properly
};

// The fuzz_TARGET executable under `fuzzer_dir` (directly or in a subfolder). Throws InfraError
// saying how to build it when it is missing.
std::filesystem::path FindFuzzer(const std::filesystem::path& fuzzer_dir,
                                 const std::string& target);

// Runs the campaign. `progress` is called for each status line as it arrives. Writes everything
// listed above. Throws InfraError when the fuzzer is missing or the output cannot be written.
CampaignSummary RunCampaign(const CampaignOptions& options,
                            const std::function<void(const FuzzerStatus&)>& progress);

// The summary as JSON (what fuzz-summary.json holds).
std::string SummaryJson(const CampaignSummary& summary);

// The exit code of a campaign: 2 infra error, 1 findings other than documented behaviour, else 0.
int CampaignExitCode(const CampaignSummary& summary);

// The environment every run of the target gets: $VDSOCONF_FUZZ_IMAGE when `image` is set.
std::map<std::string, std::string> FuzzerEnvironment(
    const std::optional<std::filesystem::path>& image);

struct ReplayVerdict {
  bool reproduces = false;
  std::string key;  // FindingKey of the output
  std::string output;
};

// Runs `fuzzer` on one input (a timeout of `timeout`) with `environment` added, and reduces its
// output to a verdict. Replays are strict ($VDSOCONF_FUZZ_STRICT=1): documented behaviour, which
// a campaign only notes, fails the run like a finding, so it has a key and a reproducer.
ReplayVerdict Replay(const std::filesystem::path& fuzzer, const std::filesystem::path& input,
                     std::chrono::seconds timeout = std::chrono::seconds(60),
                     const std::map<std::string, std::string>& environment = {});

}  // namespace vdsoconf::fuzz
