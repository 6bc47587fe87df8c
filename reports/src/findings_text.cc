#include <sstream>

#include "vdsoconf/reports/findings.h"

namespace vdsoconf::reports {
namespace {

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

void WriteFinding(std::ostream& out, const Finding& finding) {
  out << "  " << Upper(CheckStatusName(finding.status)) << "  " << finding.title << "\n";
  out << "        seen on " << JoinWords(finding.kernels, ", ");
  if (!finding.contexts.empty()) {
    out << " in " << finding.contexts.size() << " context(s): " << JoinWords(finding.contexts, " ");
  }
  out << " (" << finding.occurrences.size() << " failing check(s))\n";
  if (!finding.known_issue.empty()) out << "        known: " << finding.known_issue << "\n";
  out << "        reproduce: " << finding.reproducer << "\n";
}

}  // namespace

std::string FindingsText(const ResultsDocument& document) {
  std::ostringstream out;
  const std::vector<Finding> findings = CollectFindings(document);
  if (!findings.empty()) {
    out << findings.size() << " finding(s):\n";
    for (const Finding& finding : findings) WriteFinding(out, finding);
  }
  std::vector<std::string> inconclusive;
  for (const KernelRun& run : document.kernels) {
    for (const CheckResult& check : run.checks) {
      if (check.status != CheckStatus::kInconclusive) continue;
      inconclusive.push_back("  " + check.id + " on " + run.spec + ": " + check.message);
    }
  }
  if (!inconclusive.empty()) {
    out << inconclusive.size()
        << " inconclusive check(s) (the host kept them from deciding; not a kernel verdict):\n"
        << JoinWords(inconclusive, "\n") << "\n";
  }
  return out.str();
}

}  // namespace vdsoconf::reports
