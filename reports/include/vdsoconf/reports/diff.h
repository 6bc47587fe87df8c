// What changed between two runs (`vdsoconf report --diff OLD NEW`).
//
// Kernels are paired first by spec, then, for the specs left over, by image: a kernel renamed
// between the runs (`source:6.12` given as a path to the same Image) keeps its history, and the
// diff says it was renamed. A check is then identified by (paired kernel, check id), the dedup key
// of a finding. "Failing" means fail, hang or error (verdict.h IsFailing); a kernel that did not
// boot has no verdicts (its checks count as not run).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

struct CheckChange {
  std::string kernel;  // spec in NEW (in OLD for a removed check)
  std::string check;   // id
  std::string before;  // status name, "absent" or "not-run"
  std::string after;
  std::string message;  // the new message (the old one for a removed check)
  // Only for a check that fails in both runs with other problems (problems_changed): the problems
  // OLD had and NEW has not, and those NEW has and OLD had not, in their runs' order.
  std::vector<std::string> problems_gone;
  std::vector<std::string> problems_new;
};

// A kernel whose presence, boot, name, release or image differs between the runs.
struct KernelChange {
  std::string kernel;  // spec in NEW (in OLD for a kernel NEW does not have)
  // OLD's spec when it differs: the kernel was paired by its image under another name.
  std::string previous_spec;
  std::string before;  // "absent", "not-run: <boot status>", "ran"
  std::string after;
  // Set (both) when the release (`uname -r`) changed; likewise the image's sha256.
  std::string version_before, version_after;
  std::string image_before, image_after;
  std::string image_sha256;  // the image NEW booted (OLD's for a kernel NEW does not have)
};

// A finding (findings.h) that one run has on some kernels and the other has not.
struct FindingChange {
  std::string key;
  std::string title;
  std::vector<std::string> kernels;  // NEW's specs where it appeared (or OLD's, renamed, gone)
};

struct ResultsDiff {
  // The diff in findings, what people act on: failing checks grouped by cause. The check lists
  // below hold the detail.
  std::vector<FindingChange> new_findings;    // fails now on these kernels, did not before
  std::vector<FindingChange> gone_findings;   // failed before on these kernels, does not now
  std::vector<CheckChange> newly_failing;     // passed or was skipped before; fails now
  std::vector<CheckChange> fixed;             // failed before; passes now
  std::vector<CheckChange> problems_changed;  // fails in both runs, with other problems
  std::vector<CheckChange> lost_coverage;     // was judged (pass or fail) before; skipped now
  std::vector<CheckChange> new_checks;        // absent before (on a kernel that ran or is new)
  std::vector<CheckChange> removed_checks;    // present before, absent now
  std::vector<CheckChange> other_changes;     // any other status change (fail->hang, skip->pass)
  std::vector<KernelChange> kernel_changes;   // added, removed, renamed, re-versioned, (not) booted

  // True when NEW is worse: something newly fails, a new check fails, a check that was judged is
  // skipped now (a skip can hide a failure), or a kernel that ran no longer does. Changed
  // problems of a check that failed anyway, renames and new releases are news, not regressions.
  // `vdsoconf report --diff` exits 1 then.
  bool Regressed() const;
};

ResultsDiff DiffResults(const ResultsDocument& before, const ResultsDocument& after);

// The lists of check changes in the order every rendering shows them, with their JSON key and
// heading, so Markdown, HTML and JSON cannot disagree on what a list is called or holds.
struct DiffSection {
  const char* key;    // "newly_failing"
  const char* title;  // "Newly failing"
  const std::vector<CheckChange>* changes;
};
std::vector<DiffSection> CheckSections(const ResultsDiff& diff);

// Plain text for people, escaped by each renderer: "2 newly failing, 1 fixed, ... 1 kernel
// changes." and a kernel change's details ("renamed from source:6.12 (same image a0b1c2d3e4f5);
// release 6.12.95 -> 6.12.96; ran -> not-run: panic").
std::string DiffCounts(const ResultsDiff& diff);
std::string KernelChangeText(const KernelChange& change);

// The problems a failing check reports: its evidence's "problems" (an array of strings) when it
// has them, else its message. Compared with every number masked ("N"), so a problem whose
// measured value moved ("1.5 ms ahead" -> "1.7 ms ahead") is still the same problem.
std::vector<std::string> CheckProblems(const CheckResult& check);
std::string ProblemShape(std::string_view problem);

// The diff for people (Markdown: headings and bullet lists; kernel strings escaped; HTML: one
// self-contained page like the report's) and for tools (JSON).
std::string RenderDiffMarkdown(const ResultsDiff& diff);
std::string RenderDiffHtml(const ResultsDiff& diff);
nlohmann::json DiffToJson(const ResultsDiff& diff);

}  // namespace vdsoconf::reports
