#include "vdsoconf/reports/markdown.h"

#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/evidence_text.h"
#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

// Text inside an HTML block (<summary>): Markdown is not processed there, so HTML escaping alone.
std::string Inline(std::string_view text) {
  return HtmlEscape(OneLine(text));
}

std::string_view VerdictBadge(KernelVerdict verdict) {
  switch (verdict) {
    case KernelVerdict::kPass:
      return "✅ pass";
    case KernelVerdict::kFail:
      return "❌ fail";
    case KernelVerdict::kInfrastructure:
      return "⚠️ did not run";
  }
  return "";
}

std::string Headline(const ResultsDocument& document) {
  int pass = 0, fail = 0, infra = 0;
  for (const auto& run : document.kernels) {
    switch (VerdictOf(run)) {
      case KernelVerdict::kPass:
        ++pass;
        break;
      case KernelVerdict::kFail:
        ++fail;
        break;
      case KernelVerdict::kInfrastructure:
        ++infra;
        break;
    }
  }
  std::ostringstream out;
  out << "## vdsoconf: ";
  if (fail == 0 && infra == 0) {
    out << "✅ all " << pass << " kernels pass";
  } else {
    out << (fail > 0 ? "❌ " : "⚠️ ") << fail << " of " << document.kernels.size()
        << " kernels fail checks, " << infra << " did not run";
  }
  return out.str();
}

void WriteKernelTable(std::ostream& out, const ResultsDocument& document) {
  out << "| kernel | version | generation | boot | pass | fail | hang | error | skip | verdict |\n";
  out << "|---|---|---|---|--:|--:|--:|--:|--:|---|\n";
  for (const auto& run : document.kernels) {
    CheckCounts c = CountChecks(run);
    out << "| " << MarkdownCell(run.spec) << " | " << MarkdownCell(run.version) << " | "
        << MarkdownCell(run.generation) << " | " << MarkdownCell(run.ExecutionStatus()) << " | " << c.pass
        << " | " << c.fail << " | " << c.hang << " | " << c.error << " | " << c.skip << " | "
        << VerdictBadge(VerdictOf(run)) << " |\n";
  }
}

// One block per finding, not per failing check: the first check's evidence, the command that
// shows it again, and the other checks of the same cause in one line each.
void WriteFindings(std::ostream& out, const ResultsDocument& document) {
  const std::vector<Finding> findings = CollectFindings(document);
  if (findings.empty()) return;
  out << "\n### Findings (" << findings.size() << ")\n";
  for (const Finding& finding : findings) {
    const FindingOccurrence& first = finding.occurrences.front();
    const CheckResult& check = document.kernels[first.kernel_index].checks[first.check_index];
    out << "\n<details><summary><b>" << CheckStatusName(finding.status) << "</b> · <code>"
        << Inline(finding.key) << "</code>" << (finding.known_issue.empty() ? "" : " (known issue)")
        << ": " << Inline(finding.title.substr(finding.key.size() + 2)) << " · seen on "
        << Inline(JoinWords(finding.kernels, ", ")) << " · " << finding.occurrences.size()
        << " failing check(s)</summary>\n\n"
        << "Reproduce: `" << finding.reproducer << "`\n\n"
        << "First seen as <code>" << Inline(first.check_id) << "</code> on " << Inline(first.kernel)
        << ":\n\n"
        << MarkdownCodeBlock(FailureText(check), "") << "\n";
    if (finding.occurrences.size() > 1) {
      out << "\nAlso:\n\n";
      for (std::size_t i = 1; i < finding.occurrences.size(); ++i) {
        const FindingOccurrence& other = finding.occurrences[i];
        out << "- " << MarkdownCell(other.kernel) << " · `" << other.check_id
            << "`: " << MarkdownCell(other.message) << "\n";
      }
    }
    out << "\n</details>\n";
  }
}

void WriteInconclusive(std::ostream& out, const ResultsDocument& document) {
  bool any = false;
  for (const auto& run : document.kernels) {
    if (run.InfraFailed()) continue;
    for (const auto& check : run.checks) {
      if (check.status != CheckStatus::kInconclusive) continue;
      if (!any) out << "\n### Inconclusive (the host kept these from deciding)\n\n";
      any = true;
      out << "- " << MarkdownCell(run.spec) << " · " << MarkdownCell(check.id) << ": "
          << MarkdownCell(check.message) << "\n";
    }
  }
}

void WriteNotBooted(std::ostream& out, const ResultsDocument& document) {
  bool any = false;
  for (const auto& run : document.kernels) {
    if (!run.InfraFailed()) continue;
    if (!any) out << "\n### Kernels that did not run\n";
    any = true;
    out << "\n<details><summary><b>" << MarkdownCell(run.spec)
        << "</b>: " << MarkdownCell(InfrastructureReason(run)) << "</summary>\n\n"
        << MarkdownCodeBlock(
               run.boot.console_excerpt.empty() ? "(no console output)" : run.boot.console_excerpt,
               "")
        << "\n</details>\n";
  }
}

void WriteSkips(std::ostream& out, const ResultsDocument& document) {
  bool any = false;
  for (const auto& run : document.kernels) {
    if (run.InfraFailed()) continue;
    for (const auto& check : run.checks) {
      if (check.status != CheckStatus::kSkip) continue;
      if (!any) out << "\n### Skipped\n\n";
      any = true;
      out << "- " << MarkdownCell(run.spec) << " · " << MarkdownCell(check.id) << ": "
          << MarkdownCell(check.message) << "\n";
    }
  }
}

}  // namespace

std::string RenderMarkdown(const ResultsDocument& document) {
  std::ostringstream out;
  Summary s = document.Summarize();
  out << Headline(document) << "\n\n";
  if (!document.incomplete_reason.empty()) {
    out << "⚠️ **Incomplete:** " << MarkdownCell(document.incomplete_reason)
        << " (the kernels that had not finished are listed as not run).\n\n";
  }
  out << s.checks << " checks on " << s.kernels << " kernels: " << s.pass << " pass, " << s.fail
      << " fail, " << s.hang << " hang, " << s.error << " error, " << s.skip << " skip, "
      << s.inconclusive << " inconclusive.\n\n";
  WriteKernelTable(out, document);
  WriteFindings(out, document);
  WriteInconclusive(out, document);
  WriteNotBooted(out, document);
  WriteSkips(out, document);
  out << "\n<sub>vdsoconf " << MarkdownCell(document.vdsoconf_version) << " · "
      << MarkdownCell(document.created) << " · exit code " << ExitCodeFor(document) << "</sub>\n";
  return out.str();
}

}  // namespace vdsoconf::reports
