#include "vdsoconf/reports/markdown.h"

#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/evidence_text.h"
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
        << MarkdownCell(run.generation) << " | " << MarkdownCell(run.boot.status) << " | " << c.pass
        << " | " << c.fail << " | " << c.hang << " | " << c.error << " | " << c.skip << " | "
        << VerdictBadge(VerdictOf(run)) << " |\n";
  }
}

void WriteFailures(std::ostream& out, const ResultsDocument& document) {
  bool any = false;
  for (const auto& run : document.kernels) {
    if (run.InfraFailed()) continue;
    for (const auto& check : run.checks) {
      if (!IsFailing(check.status)) continue;
      if (!any) out << "\n### Failures\n";
      any = true;
      out << "\n<details><summary><b>" << Inline(run.spec) << "</b> · <code>" << Inline(check.id)
          << "</code> · " << CheckStatusName(check.status)
          << (check.known_issue.empty() ? "" : " (known issue)") << ": " << Inline(check.message)
          << "</summary>\n\n"
          << MarkdownCodeBlock(FailureText(check), "") << "\n</details>\n";
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
  out << s.checks << " checks on " << s.kernels << " kernels: " << s.pass << " pass, " << s.fail
      << " fail, " << s.hang << " hang, " << s.error << " error, " << s.skip << " skip.\n\n";
  WriteKernelTable(out, document);
  WriteFailures(out, document);
  WriteNotBooted(out, document);
  WriteSkips(out, document);
  out << "\n<sub>vdsoconf " << MarkdownCell(document.vdsoconf_version) << " · "
      << MarkdownCell(document.created) << " · exit code " << ExitCodeFor(document) << "</sub>\n";
  return out.str();
}

}  // namespace vdsoconf::reports
