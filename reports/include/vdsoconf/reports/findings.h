// Findings: failing checks grouped by their cause.
//
// One kernel divergence usually fails several checks: clock_getres of the auxiliary clock ids is
// wrong in each of the seven execution contexts vdso.diff runs, and a probe that crashes fails
// every check fed by its evidence. People act on causes, so the terminal, the reports, the diff
// and suites/matrix/known_findings.txt speak in findings; results.json keeps every check.
//
// A finding's key is stable across runs and kernels (as syzkaller's crash titles are): the
// check's own `finding` when it names one, else its id. Failing checks with one key, on any
// kernel of the document, are one finding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

// One failing check that belongs to a finding.
struct FindingOccurrence {
  std::string kernel;   // the kernel spec
  std::string version;  // its exact release, may be empty
  std::string check_id;
  CheckStatus status = CheckStatus::kFail;
  std::string message;
  // Where the check is in the document: document.kernels[kernel_index].checks[check_index].
  std::size_t kernel_index = 0, check_index = 0;
};

struct Finding {
  std::string key;
  // One line for people: the key and the first occurrence's message with every number replaced
  // by N, so that the title of a finding does not change with the values it was seen with.
  std::string title;
  // The most severe status among the occurrences: fail, then hang, then error.
  CheckStatus status = CheckStatus::kFail;
  std::vector<FindingOccurrence> occurrences;  // in document order
  std::vector<std::string> kernels;            // distinct specs, in document order
  std::vector<std::string> contexts;           // what varies among the check ids, e.g. "init"
  std::string known_issue;                     // of the first occurrence that has one
  // A command a user can paste to see it again, for the first kernel it was seen on.
  std::string reproducer;
};

// The finding key of a check: check.finding, or check.id when it names none.
std::string FindingKeyOf(const CheckResult& check);

// `message` with every number (its minus sign, "0x" prefix and decimal fraction with it) replaced
// by "N": "went back -120.5 ns at 0x1f" -> "went back N ns at N"; digits glued to letters are
// part of a name and stay ("riscv64").
std::string NormalizedMessage(const std::string& message);

// The command that shows a failing check again on `run`'s kernel: a `vdsoconf check-image` line
// for image checks, a `vdsoconf run --suite PROBE` line for checks fed by one guest probe, else
// the whole default run of that kernel.
std::string ReproducerCommand(const KernelRun& run, const CheckResult& check);

// The findings of a document: every fail/hang/error check of every kernel that booted, grouped
// by key, in the order their first occurrence appears. Kernels that failed to provision or boot
// are not findings of the vDSO (they are infrastructure failures, reported as such).
std::vector<Finding> CollectFindings(const ResultsDocument& document);

// The findings for a terminal, after the summary table: one block per finding (status, title,
// where it was seen, the command that reproduces it), then every inconclusive check with why.
// Empty when there is neither.
std::string FindingsText(const ResultsDocument& document);

// `words` joined by `separator` ("a, b, c"), for the lists of kernels and contexts above.
std::string JoinWords(const std::vector<std::string>& words, std::string_view separator);

// `word` as a POSIX shell reads it back: as it is when it holds only the characters specs, paths
// and probe names are made of, else in single quotes.
std::string ShellWord(const std::string& word);

}  // namespace vdsoconf::reports
