// What changed between two runs (`vdsoconf report --diff OLD NEW`).
//
// A check is identified by (kernel spec, check id), the dedup key of a finding. "Failing" means
// fail, hang or error; a kernel that did not boot has no verdicts (its checks count as not run).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

struct CheckChange {
  std::string kernel;  // spec
  std::string check;   // id
  std::string before;  // status name, "absent" or "not-run"
  std::string after;
  std::string message;  // the new message (the old one for a removed check)
};

struct KernelChange {
  std::string kernel;
  std::string before;  // "absent", "not-run: <boot status>", "ran"
  std::string after;
};

struct ResultsDiff {
  std::vector<CheckChange> newly_failing;   // ran before and did not fail; fails now
  std::vector<CheckChange> fixed;           // failed before; passes now
  std::vector<CheckChange> new_checks;      // absent before (on a kernel that ran or is new)
  std::vector<CheckChange> removed_checks;  // present before, absent now
  std::vector<CheckChange> other_changes;   // any other status change (fail->hang, pass->skip, ...)
  std::vector<KernelChange> kernel_changes;  // added, removed, or stopped/started booting

  // True when NEW is worse: something newly fails, a new check fails, or a kernel that ran no
  // longer does. `vdsoconf report --diff` exits 1 then.
  bool Regressed() const;
};

ResultsDiff DiffResults(const ResultsDocument& before, const ResultsDocument& after);

// The diff for people (Markdown: headings and bullet lists; kernel strings escaped) and for tools.
std::string RenderDiffMarkdown(const ResultsDiff& diff);
nlohmann::json DiffToJson(const ResultsDiff& diff);

}  // namespace vdsoconf::reports
