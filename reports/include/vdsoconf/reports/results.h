// The canonical results of a vdsoconf run: one JSON document, results.json.
//
// Every other format (JUnit, KTAP, KCIDB, Markdown, HTML) is generated from this document, so it
// holds everything a report shows: per kernel, how it was provisioned and booted, and every named
// check with its verdict, evidence and, for a failure, a reproducer. The schema is specified in
// reports/SCHEMA.md and versioned by kSchemaVersion; a reader refuses a newer major version or a
// malformed document with a ResultsError that says where and what, never a partial document.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::reports {

// 2: the status "inconclusive" and the per-check "finding" key (a reader of version 1 would
// refuse the new status, so the version moved).
// 3: a kernel's record is either "boot" (a kernel booted) or "image_run" (check-image ran its vDSO
// image without booting it); a version-2 reader would refuse a record without "boot".
inline constexpr int kSchemaVersion = 3;
inline constexpr std::string_view kSchemaName = "vdsoconf-results";

// A check's verdict. kHang: the probe behind it did not finish within its watchdog; kError: the
// check could not be evaluated (its evidence is missing or malformed) — both count as failures
// of the kernel run, never as passes. kInconclusive: the harness, not the kernel, kept the check
// from deciding (a reader thread that got no CPU, a measurement window a loaded host stretched
// past what the check can judge) even after its bounded re-runs; neither a pass nor a kernel
// failure, counted and shown on its own, and it does not fail the run's exit code.
enum class CheckStatus { kPass, kFail, kSkip, kHang, kError, kInconclusive };

std::string_view CheckStatusName(CheckStatus status);
std::optional<CheckStatus> ParseCheckStatus(std::string_view name);

struct CheckResult {
  // Stable identifier, dotted: "<suite>.<check>[.<detail>]", e.g. "vvar.basetime.monotonic".
  // Together with the kernel spec it is the deduplication key of a finding.
  std::string id;
  CheckStatus status = CheckStatus::kError;
  std::string message;          // one line for people; for a skip, why
  nlohmann::json evidence;      // the observed values the verdict rests on (object or null)
  nlohmann::json reproducer;    // for kFail/kHang: probe, context, inputs, both answers
  double duration_ms = 0;
  // Optional: a failure that is known and tracked (a bug URL or a sentence). Reports show such a
  // failure as expected (KTAP XFAIL, KCIDB waived, marked in JUnit/HTML). It does not change the
  // verdict or the exit code: a known failure is still a failure.
  std::string known_issue;
  // Optional: the stable key of the finding this check belongs to when it fails, for checks
  // whose failures share a cause across contexts (every "vdso.diff.clock_getres.<context>" is
  // the finding "vdso.diff.clock_getres"). Empty: the check id is the key (findings.h).
  std::string finding;

  // The suite is the first component of the id.
  std::string Suite() const;
};

// How the kernel got to run (or did not). Mirrors targets::BootStatus names.
struct BootRecord {
  std::string status = "not-run";   // "completed", "panic", "oops", "bug", "no-init", ...
  std::string message;
  std::string console_log;          // path relative to the results directory
  std::string console_excerpt;
  double wall_ms = 0;
  bool Completed() const { return status == "completed"; }
};

// How a kernel's vDSO image ran when no kernel booted (`vdsoconf check-image`): the architecture's
// image executor (KernelRun::machine says which) ran the real vDSO code with the counter and the
// vvar pages under its control.
struct ImageRunRecord {
  std::string status = "not-run";  // "ran": the executor started and the checks ran; "not-run"
  std::string message;
  double wall_ms = 0;
  bool Ran() const { return status == "ran"; }
};

struct KernelRun {
  std::string spec;                 // as the user gave it
  std::string version;              // exact kernel release; empty when provisioning failed
  std::string origin;               // debian | source | user
  // Optional (empty in documents older than the field): the kernel's ARCH= name ("riscv") and
  // what ran it ("qemu-system-riscv64 -M virt", "qemu-riscv64 (user mode)"); KCIDB reads both.
  std::string architecture;
  std::string machine;
  std::string image_sha256;
  std::string generation;           // layout generation identified ("6.1", "6.12", "7.2")
  std::string infra_error;          // non-empty: provisioning or booting failed (exit code 2)
  // Exactly one of the two says how the checks got their evidence: a boot (`run`), or, when
  // image_run is set, an image run (`check-image`; boot is then unused and not written).
  BootRecord boot;
  std::optional<ImageRunRecord> image_run;
  std::vector<CheckResult> checks;
  nlohmann::json metadata = nlohmann::json::object();  // provisioning details

  bool InfraFailed() const { return !infra_error.empty() || !Executed(); }
  // Whether the boot completed, or the image ran.
  bool Executed() const { return image_run ? image_run->Ran() : boot.Completed(); }
  // For reports: "boot" or "image_run", and that record's status, message and wall time.
  std::string_view ExecutionKind() const { return image_run ? "image_run" : "boot"; }
  const std::string& ExecutionStatus() const { return image_run ? image_run->status : boot.status; }
  const std::string& ExecutionMessage() const {
    return image_run ? image_run->message : boot.message;
  }
  double ExecutionWallMs() const { return image_run ? image_run->wall_ms : boot.wall_ms; }
};

struct Summary {
  int kernels = 0, checks = 0, pass = 0, fail = 0, skip = 0, hang = 0, error = 0;
  int inconclusive = 0;
  int infra_failures = 0;
};

// One point of a fuzzing campaign's progress, as libFuzzer reports it periodically.
struct FuzzSample {
  double seconds = 0;     // since the campaign started
  double coverage = 0;    // libFuzzer "cov:" (covered edges/features)
  double exec_per_s = 0;  // libFuzzer "exec/s:"
};

// A fuzzing campaign summarised for reports (`vdsoconf fuzz`). Optional in results.json
// ("fuzzing": [...]); the HTML report plots coverage and exec/s over time from the samples.
struct FuzzCampaign {
  std::string target;               // fuzz target name
  std::string kernel;               // kernel spec or image the target ran against; may be empty
  std::vector<FuzzSample> samples;  // in time order
  int crashes = 0;                  // distinct crashing inputs kept
  nlohmann::json details = nlohmann::json::object();  // anything else the fuzzer recorded
};

struct ResultsDocument {
  int schema_version = kSchemaVersion;
  std::string vdsoconf_version;
  std::string created;               // RFC 3339 UTC
  std::string command;               // the command line that produced it
  std::vector<KernelRun> kernels;
  std::vector<FuzzCampaign> fuzzing;  // optional; empty when no fuzzing ran
  // Optional: why the run stopped before it was done ("interrupted by SIGINT"); empty for a whole
  // run. In JSON: "incomplete": {"reason": "..."}.
  std::string incomplete_reason;

  Summary Summarize() const;
};

// The exit code a run with these results ends with: 2 if any kernel failed to provision or boot,
// else 1 if any check failed/hung/errored, else 0 (skips and inconclusive checks do not fail a
// run; the summary counts the inconclusive ones).
int ExitCodeFor(const ResultsDocument& document);

class ResultsError : public std::runtime_error {
 public:
  explicit ResultsError(const std::string& message) : std::runtime_error(message) {}
};

nlohmann::json ToJson(const ResultsDocument& document);
// Validates while reading: a wrong schema name, a newer schema version, a missing or mistyped
// required field, or an unknown status throws ResultsError naming the JSON path.
ResultsDocument FromJson(const nlohmann::json& json);

// File helpers. ReadResults throws ResultsError (unreadable, not JSON, invalid). WriteResults
// writes atomically (temp file + rename) so a crash never leaves half a results.json.
ResultsDocument ReadResults(const std::string& path);
void WriteResults(const ResultsDocument& document, const std::string& path);

// Now, as RFC 3339 UTC with seconds.
std::string NowRfc3339();

}  // namespace vdsoconf::reports
