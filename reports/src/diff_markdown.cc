// `vdsoconf report --diff` for people reading a pull request: a headline, the counts, then one
// bullet list per non-empty section of diff.h CheckSections, and the kernels.
#include <sstream>

#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/findings.h"

namespace vdsoconf::reports {
namespace {

void WriteProblems(std::ostream& out, const char* label, const std::vector<std::string>& problems) {
  for (const auto& problem : problems) {
    out << "  - " << label << ": " << MarkdownCell(problem) << "\n";
  }
}

void WriteList(std::ostream& out, const DiffSection& section) {
  const auto& changes = *section.changes;
  if (changes.empty()) return;
  out << "\n### " << section.title << " (" << changes.size() << ")\n\n";
  for (const auto& c : changes) {
    out << "- " << MarkdownCell(c.kernel) << " · " << MarkdownCell(c.check) << ": " << c.before
        << " → " << c.after;
    const bool problems = !c.problems_gone.empty() || !c.problems_new.empty();
    if (!c.message.empty() && !problems) out << " — " << MarkdownCell(c.message);
    out << "\n";
    WriteProblems(out, "gone", c.problems_gone);
    WriteProblems(out, "new", c.problems_new);
  }
}

void WriteFindings(std::ostream& out, const char* title, const std::vector<FindingChange>& list) {
  if (list.empty()) return;
  out << "\n### " << title << " (" << list.size() << ")\n\n";
  for (const auto& f : list) {
    const std::string kernels = JoinWords(f.kernels, ", ");
    out << "- " << MarkdownCell(f.title) << " — on " << MarkdownCell(kernels) << "\n";
  }
}

}  // namespace

std::string RenderDiffMarkdown(const ResultsDiff& diff) {
  std::ostringstream out;
  out << "## vdsoconf diff: " << (diff.Regressed() ? "❌ regressed" : "✅ no regression") << "\n\n"
      << DiffCounts(diff) << "\n";
  WriteFindings(out, "New findings", diff.new_findings);
  WriteFindings(out, "Findings gone", diff.gone_findings);
  for (const auto& section : CheckSections(diff)) WriteList(out, section);
  if (!diff.kernel_changes.empty()) {
    out << "\n### Kernels (" << diff.kernel_changes.size() << ")\n\n";
    for (const auto& k : diff.kernel_changes) {
      out << "- " << MarkdownCell(k.kernel) << ": " << MarkdownCell(KernelChangeText(k)) << "\n";
    }
  }
  return out.str();
}

}  // namespace vdsoconf::reports
