#include "vdsoconf/reports/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/evidence_plot.h"
#include "vdsoconf/reports/evidence_text.h"
#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/html_page.h"
#include "vdsoconf/reports/svg.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

std::string H(std::string_view text) {
  return HtmlEscape(text);
}

std::string StatusClass(const KernelRun& run, const CheckResult& check) {
  if (run.InfraFailed()) return "notrun";
  if (check.status == CheckStatus::kFail && !check.known_issue.empty()) return "xfail";
  return std::string(CheckStatusName(check.status));
}

std::string FailureAnchor(std::size_t kernel, std::size_t check) {
  return "f-" + std::to_string(kernel) + "-" + std::to_string(check);
}

std::string NotBootedAnchor(std::size_t kernel) {
  return "k-" + std::to_string(kernel);
}

// The title line, with the verdict and the switch of the failures-only view (the checkbox before
// it, a sibling of every section, so that CSS alone can hide passing rows: no script).
void WriteHeader(std::ostream& out, const ResultsDocument& document) {
  int code = ExitCodeFor(document);
  const char* verdict = code == 0 ? "pass" : code == 1 ? "fail" : "infra";
  const char* words = code == 0   ? "every kernel passes"
                      : code == 1 ? "checks failed"
                                  : "some kernels did not run";
  out << "<input type=\"checkbox\" id=\"only-failures\">\n<header><h1>vdsoconf report "
         "<span class=\"badge "
      << verdict << "\">" << words
      << "</span></h1><label for=\"only-failures\">show failures only</label></header>\n";
  if (!document.incomplete_reason.empty()) {
    out << "<p class=\"badge infra\">incomplete: " << H(document.incomplete_reason)
        << " (the kernels that had not finished are listed as not run)</p>\n";
  }
}

// Failures first: one row per kernel that did not run and per finding (failing checks grouped by
// cause, findings.h), each linking to the details of its first check further down, then the
// inconclusive checks; so the first screen says what is wrong and how to see it again.
void WriteFailingSummary(std::ostream& out, const ResultsDocument& document) {
  std::ostringstream rows;
  int kernels = 0, inconclusive = 0;
  for (std::size_t k = 0; k < document.kernels.size(); ++k) {
    const KernelRun& run = document.kernels[k];
    if (!run.InfraFailed()) continue;
    ++kernels;
    rows << "<tr><td><a href=\"#" << NotBootedAnchor(k) << "\">" << H(KernelLabel(run))
         << " did not run</a></td><td><span class=\"badge infra\">" << H(run.ExecutionStatus())
         << "</span></td><td>" << H(run.spec) << "</td><td>"
         << H(OneLine(InfrastructureReason(run))) << "</td></tr>\n";
  }
  const std::vector<Finding> findings = CollectFindings(document);
  for (const Finding& finding : findings) {
    const FindingOccurrence& first = finding.occurrences.front();
    const std::string status(CheckStatusName(finding.status));
    const std::string badge =
        finding.known_issue.empty() || finding.status != CheckStatus::kFail ? status : "xfail";
    std::string where = std::to_string(finding.occurrences.size()) + " check(s)";
    if (!finding.contexts.empty()) {
      where += " in " + std::to_string(finding.contexts.size()) +
               " context(s): " + JoinWords(finding.contexts, " ");
    }
    const std::string kernels_seen = JoinWords(finding.kernels, ", ");
    rows << "<tr><td><a href=\"#" << FailureAnchor(first.kernel_index, first.check_index)
         << "\"><code>" << H(finding.key) << "</code></a><br>"
         << H(finding.title.substr(finding.key.size() + 2)) << "</td><td><span class=\"badge "
         << badge << "\">" << badge << "</span></td><td>" << H(kernels_seen) << "</td><td>"
         << H(where) << "<br><code>" << H(finding.reproducer) << "</code>"
         << (finding.known_issue.empty()
                 ? ""
                 : " <span class=\"meta\">(known: " + H(OneLine(finding.known_issue)) + ")</span>")
         << "</td></tr>\n";
  }
  for (const KernelRun& run : document.kernels) {
    if (run.InfraFailed()) continue;
    for (const CheckResult& check : run.checks) {
      if (check.status != CheckStatus::kInconclusive) continue;
      ++inconclusive;
      rows << "<tr><td><code>" << H(check.id) << "</code></td><td><span class=\"badge "
           << "inconclusive\">inconclusive</span></td><td>" << H(run.spec) << "</td><td>"
           << H(OneLine(check.message)) << "</td></tr>\n";
    }
  }
  out << "<section id=\"failing\"><h2>Findings (" << findings.size() << ")";
  if (kernels > 0) out << ", kernels that did not run (" << kernels << ")";
  if (inconclusive > 0) out << ", inconclusive checks (" << inconclusive << ")";
  out << "</h2>\n";
  if (findings.size() + kernels + inconclusive == 0) {
    out << "<p>No check failed, hung or errored, and every kernel ran.</p></section>\n";
    return;
  }
  out << "<table class=\"failing\"><tr><th>finding</th><th>status</th><th>seen on</th>"
         "<th>where, and how to see it again</th></tr>\n"
      << rows.str() << "</table></section>\n";
}

void WriteSummary(std::ostream& out, const ResultsDocument& document) {
  Summary s = document.Summarize();
  out << "<section id=\"summary\"><h2>Summary</h2>\n<p>" << s.kernels << " kernels, " << s.checks
      << " checks: " << s.pass << " pass, " << s.fail << " fail, " << s.hang << " hang, " << s.error
      << " error, " << s.skip << " skip, " << s.inconclusive << " inconclusive; "
      << s.infra_failures << " kernels did not run. Exit code " << ExitCodeFor(document)
      << ".</p>\n<p class=\"meta\">vdsoconf " << H(document.vdsoconf_version) << " · created "
      << H(document.created) << " · <code>" << H(document.command) << "</code></p></section>\n";
}

void WriteVerdicts(std::ostream& out, const ResultsDocument& document) {
  out << "<section id=\"verdicts\"><h2>Verdicts per kernel</h2>\n<table><tr><th>kernel</th>"
         "<th>version</th><th>origin</th><th>generation</th><th>boot</th><th>pass</th><th>fail</th>"
         "<th>hang</th><th>error</th><th>skip</th><th>verdict</th></tr>\n";
  for (const auto& run : document.kernels) {
    CheckCounts c = CountChecks(run);
    KernelVerdict verdict = VerdictOf(run);
    out << "<tr" << (verdict == KernelVerdict::kPass ? " class=\"passing\"" : "") << "><td>"
        << H(run.spec) << "</td><td>" << H(run.version) << "</td><td>" << H(run.origin)
        << "</td><td>" << H(run.generation) << "</td><td><span class=\"badge "
        << (run.InfraFailed() ? "infra" : "pass") << "\">" << H(run.ExecutionStatus())
        << "</span></td><td class=\"num\">" << c.pass << "</td><td class=\"num\">" << c.fail
        << "</td><td class=\"num\">" << c.hang << "</td><td class=\"num\">" << c.error
        << "</td><td class=\"num\">" << c.skip << "</td><td><span class=\"badge "
        << VerdictName(verdict) << "\">" << VerdictName(verdict) << "</span></td></tr>\n";
  }
  out << "</table></section>\n";
}

void WriteMatrix(std::ostream& out, const ResultsDocument& document) {
  std::vector<std::string> ids;
  std::map<std::string, std::map<std::size_t, std::size_t>> cell;  // id -> kernel -> check index
  for (std::size_t k = 0; k < document.kernels.size(); ++k) {
    const auto& checks = document.kernels[k].checks;
    for (std::size_t c = 0; c < checks.size(); ++c) {
      auto [it, inserted] = cell.try_emplace(checks[c].id);
      if (inserted) ids.push_back(checks[c].id);
      it->second.emplace(k, c);
    }
  }
  out << "<section id=\"matrix\"><h2>Checks &times; kernels</h2>\n<table class=\"matrix\"><tr>"
         "<th>check</th>";
  for (const auto& run : document.kernels) out << "<th>" << H(run.spec) << "</th>";
  out << "</tr>\n";
  for (const auto& id : ids) {
    std::ostringstream cells;
    bool passing = true;  // no kernel fails it: the failures-only view hides the row
    for (std::size_t k = 0; k < document.kernels.size(); ++k) {
      const KernelRun& run = document.kernels[k];
      auto found = cell[id].find(k);
      if (found == cell[id].end()) {
        cells << "<td class=\"" << (run.InfraFailed() ? "notrun" : "absent") << "\">"
              << (run.InfraFailed() ? "not run" : "&mdash;") << "</td>";
        continue;
      }
      const CheckResult& check = run.checks[found->second];
      const bool failing = !run.InfraFailed() && IsFailing(check.status);
      passing = passing && !failing;
      std::string label = run.InfraFailed() ? "not run" : StatusClass(run, check);
      cells << "<td class=\"" << StatusClass(run, check) << "\" title=\""
            << H(OneLine(check.message)) << "\">";
      if (failing) {
        cells << "<a href=\"#" << FailureAnchor(k, found->second) << "\">" << label << "</a>";
      } else {
        cells << label;
      }
      cells << "</td>";
    }
    out << "<tr" << (passing ? " class=\"passing\"" : "") << "><th class=\"check\">" << H(id)
        << "</th>" << cells.str() << "</tr>\n";
  }
  if (ids.empty()) out << "<tr><td colspan=\"99\">no checks recorded</td></tr>\n";
  out << "</table></section>\n";
}

void WriteFailures(std::ostream& out, const ResultsDocument& document) {
  out << "<section id=\"failures\"><h2>Failures</h2>\n";
  int count = 0;
  for (std::size_t k = 0; k < document.kernels.size(); ++k) {
    const KernelRun& run = document.kernels[k];
    if (run.InfraFailed()) continue;
    for (std::size_t c = 0; c < run.checks.size(); ++c) {
      const CheckResult& check = run.checks[c];
      if (!IsFailing(check.status)) continue;
      ++count;
      out << "<article class=\"failure\" id=\"" << FailureAnchor(k, c)
          << "\"><h3><span class=\"badge " << StatusClass(run, check) << "\">"
          << CheckStatusName(check.status) << "</span> <code>" << H(check.id) << "</code> on "
          << H(KernelLabel(run)) << "</h3>\n<p>" << H(check.message) << "</p>\n";
      if (!check.known_issue.empty()) {
        out << "<p>Known issue: " << H(check.known_issue) << "</p>\n";
      }
      if (!check.evidence.is_null()) {
        out << "<h4>Evidence</h4><pre>" << H(PrettyJson(check.evidence)) << "</pre>\n";
      }
      if (!check.reproducer.is_null()) {
        out << "<h4>Reproducer</h4><pre>" << H(PrettyJson(check.reproducer)) << "</pre>\n";
      } else {
        out << "<p class=\"meta\">No reproducer recorded.</p>\n";
      }
      out << "<p class=\"meta\">took " << FormatNumber(check.duration_ms, 1)
          << " ms</p></article>\n";
    }
  }
  if (count == 0) out << "<p>No check failed, hung or errored.</p>\n";
  out << "</section>\n";
}

void WriteNotBooted(std::ostream& out, const ResultsDocument& document) {
  out << "<section id=\"not-booted\"><h2>Kernels that did not run</h2>\n";
  int count = 0;
  for (std::size_t k = 0; k < document.kernels.size(); ++k) {
    const KernelRun& run = document.kernels[k];
    if (!run.InfraFailed()) continue;
    ++count;
    out << "<article class=\"notbooted\" id=\"" << NotBootedAnchor(k) << "\"><h3>"
        << H(KernelLabel(run)) << "</h3>\n<p>" << H(InfrastructureReason(run)) << "</p>\n";
    if (!run.boot.console_log.empty()) {
      out << "<p class=\"meta\">console log: <code>" << H(run.boot.console_log) << "</code></p>\n";
    }
    if (!run.image_run) {  // an image run has no console
      out << "<pre>"
          << H(run.boot.console_excerpt.empty() ? "(no console output)" : run.boot.console_excerpt)
          << "</pre>";
    }
    out << "</article>\n";
  }
  if (count == 0) out << "<p>Every kernel booted.</p>\n";
  out << "</section>\n";
}

void WriteSkips(std::ostream& out, const ResultsDocument& document) {
  out << "<section id=\"skips\"><h2>Skipped checks</h2>\n<ul>\n";
  int count = 0;
  for (const auto& run : document.kernels) {
    if (run.InfraFailed()) continue;
    for (const auto& check : run.checks) {
      if (check.status != CheckStatus::kSkip) continue;
      ++count;
      out << "<li>" << H(run.spec) << " &middot; <code>" << H(check.id)
          << "</code>: " << H(check.message) << "</li>\n";
    }
  }
  out << "</ul>" << (count == 0 ? "<p>None.</p>" : "") << "</section>\n";
}

std::string Hex(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%03x", value);
  return buffer;
}

// One column per generation; a cell is "page:offset (size)" with the generation's own field name
// as its tooltip. In a differing row, cells that disagree with the first generation are marked.
void WriteLayoutRows(std::ostream& out, const std::vector<LayoutComparisonRow>& rows,
                     const std::vector<LayoutTable>& tables, bool only_differences) {
  out << "<div class=\"scroll\"><table class=\"layout\"><tr><th>field</th>";
  for (const auto& table : tables) out << "<th>" << H(table.title) << "</th>";
  out << "</tr>\n";
  for (const auto& row : rows) {
    if (only_differences && !row.differs) continue;
    out << "<tr" << (row.differs ? " class=\"differs\"" : "") << "><td>" << H(row.key) << "</td>";
    const auto& first = row.cells.front();
    for (const auto& cell : row.cells) {
      if (!cell) {
        out << "<td class=\"missing\">absent</td>";
        continue;
      }
      bool same = first && first->page == cell->page && first->offset == cell->offset &&
                  first->size == cell->size;
      out << "<td title=\"" << H(cell->name) << "\"" << (same ? "" : " class=\"moved\"") << ">"
          << cell->page << ":" << Hex(cell->offset) << " (" << cell->size << ")</td>";
    }
    out << "</tr>\n";
  }
  out << "</table></div>\n";
}

void WriteLayouts(std::ostream& out, const ResultsDocument& document,
                  const std::vector<LayoutTable>& layouts) {
  out << "<section id=\"layouts\"><h2>vvar layouts side by side</h2>\n";
  std::vector<std::string> wanted;
  for (const auto& run : document.kernels) {
    if (!run.generation.empty() &&
        std::find(wanted.begin(), wanted.end(), run.generation) == wanted.end()) {
      wanted.push_back(run.generation);
    }
  }
  std::vector<LayoutTable> shown;
  for (const auto& table : layouts) {
    if (wanted.empty() ||
        std::find(wanted.begin(), wanted.end(), table.generation) != wanted.end()) {
      shown.push_back(table);
    }
  }
  for (const auto& generation : wanted) {
    bool have = std::any_of(shown.begin(), shown.end(),
                            [&](const LayoutTable& t) { return t.generation == generation; });
    if (!have) out << "<p>No layout table for generation " << H(generation) << ".</p>\n";
  }
  if (shown.empty()) {
    out << "<p>No layout tables were provided.</p></section>\n";
    return;
  }
  out << "<p>Generations: ";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    out << (i ? ", " : "") << "<b>" << H(shown[i].title) << "</b> (" << shown[i].page_count
        << " vvar pages, " << shown[i].rows.size() << " fields)";
  }
  out << ". Columns in this order; highlighted rows differ in presence, page, offset or "
         "size.</p>\n";
  std::vector<LayoutComparisonRow> rows = CompareLayouts(shown);
  auto differing = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.differs; });
  // Opened by default only when short: across whole generations nearly every offset moves, and
  // hundreds of rows would bury the plots below.
  out << "<details" << (differing <= 80 ? " open" : "") << "><summary>Fields that differ ("
      << differing << ")</summary>\n";
  WriteLayoutRows(out, rows, shown, true);
  out << "</details>\n<details><summary>All fields (" << rows.size() << ")</summary>\n";
  WriteLayoutRows(out, rows, shown, false);
  out << "</details></section>\n";
}

// The plotted ids' shared prefix, said once in the title instead of on every row.
std::string IdsNote(const EvidenceBars& bars) {
  return bars.common_prefix.empty() ? "" : " (" + bars.common_prefix + "*)";
}

void WritePlot(std::ostream& out, const std::string& svg, std::string_view missing) {
  if (svg.empty()) {
    if (!missing.empty()) out << "<p class=\"meta\">" << missing << "</p>\n";
  } else {
    out << svg << "\n";
  }
}

void WritePlots(std::ostream& out, const ResultsDocument& document) {
  out << "<section id=\"plots\"><h2>Plots</h2>\n";
  const EvidenceBars deltas = CollectEvidenceBars(document, kEvidenceDeltaNs, kDeltaThresholdKeys);
  WritePlot(
      out,
      SvgBarChart("vDSO minus syscall per clock check" + IdsNote(deltas), "ns", deltas.bars, true,
                  "a check passes when each clock's delta lies between 0 and its limit"),
      "No check recorded vdso_minus_syscall_ns.");
  const EvidenceBars retries = CollectEvidenceBars(document, kEvidenceRetries);
  WritePlot(out,
            SvgBarChart("Seqlock retries under the writer stress" + IdsNote(retries), "retries",
                        retries.bars, true, "no limit: retries show the writer contended"),
            "No check recorded seqlock_retries.");
  std::vector<SvgSeries> coverage, speed;
  for (const auto& campaign : document.fuzzing) {
    std::string name = campaign.target + (campaign.kernel.empty() ? "" : " · " + campaign.kernel);
    SvgSeries cov{name, {}}, exec{name, {}};
    for (const auto& sample : campaign.samples) {
      cov.points.emplace_back(sample.seconds, sample.coverage);
      exec.points.emplace_back(sample.seconds, sample.exec_per_s);
    }
    coverage.push_back(std::move(cov));
    speed.push_back(std::move(exec));
  }
  WritePlot(out,
            SvgLineChart("Fuzzing coverage over time (libFuzzer features)", "seconds", "features",
                         coverage),
            "No fuzzing campaign in these results.");
  WritePlot(out, SvgLineChart("Fuzzing exec/s over time", "seconds", "exec/s", speed), "");
  out << "</section>\n";
}

}  // namespace

std::string RenderHtml(const ResultsDocument& document, const std::vector<LayoutTable>& layouts) {
  std::ostringstream out;
  out << HtmlPageStart("vdsoconf report" +
                       (document.created.empty() ? "" : " " + document.created));
  WriteHeader(out, document);
  WriteFailingSummary(out, document);
  WriteSummary(out, document);
  WriteVerdicts(out, document);
  WriteMatrix(out, document);
  WriteFailures(out, document);
  WriteNotBooted(out, document);
  WriteSkips(out, document);
  WriteLayouts(out, document, layouts);
  WritePlots(out, document);
  out << HtmlPageEnd();
  return out.str();
}

}  // namespace vdsoconf::reports
