// `vdsoconf report --diff --format html`: the diff as one self-contained page (html_page.h), for
// CI artifacts next to the report. Sections in diff.h CheckSections order, then the kernels.
#include <sstream>

#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/html_page.h"

namespace vdsoconf::reports {
namespace {

std::string H(std::string_view text) {
  return HtmlEscape(text);
}

// A status badge: "pass", "fail", ... take the report's colours; "absent" and "not-run" theirs.
std::string Badge(const std::string& state) {
  std::string css = state == "not-run" ? "notrun" : state;
  return "<span class=\"badge " + H(css) + "\">" + H(state) + "</span>";
}

void WriteProblems(std::ostream& out, const CheckChange& c) {
  if (c.problems_gone.empty() && c.problems_new.empty()) return;
  out << "<ul>";
  for (const auto& p : c.problems_gone) out << "<li>gone: " << H(p) << "</li>";
  for (const auto& p : c.problems_new) out << "<li>new: " << H(p) << "</li>";
  out << "</ul>";
}

void WriteSection(std::ostream& out, const DiffSection& section) {
  const auto& changes = *section.changes;
  if (changes.empty()) return;
  out << "<section id=\"" << section.key << "\"><h2>" << H(section.title) << " (" << changes.size()
      << ")</h2>\n<table><tr><th>kernel</th><th>check</th><th>before</th><th>after</th>"
         "<th>message</th></tr>\n";
  for (const auto& c : changes) {
    out << "<tr><td>" << H(c.kernel) << "</td><td><code>" << H(c.check) << "</code></td><td>"
        << Badge(c.before) << "</td><td>" << Badge(c.after) << "</td><td>";
    if (c.problems_gone.empty() && c.problems_new.empty()) out << H(OneLine(c.message));
    WriteProblems(out, c);
    out << "</td></tr>\n";
  }
  out << "</table></section>\n";
}

void WriteFindings(std::ostream& out, const char* id, const char* title,
                   const std::vector<FindingChange>& list) {
  if (list.empty()) return;
  out << "<section id=\"" << id << "\"><h2>" << title << " (" << list.size()
      << ")</h2>\n<table><tr><th>finding</th><th>kernels</th></tr>\n";
  for (const auto& f : list) {
    const std::string kernels = JoinWords(f.kernels, ", ");
    out << "<tr><td><code>" << H(f.key) << "</code><br>" << H(f.title.substr(f.key.size() + 2))
        << "</td><td>" << H(kernels) << "</td></tr>\n";
  }
  out << "</table></section>\n";
}

}  // namespace

std::string RenderDiffHtml(const ResultsDiff& diff) {
  std::ostringstream out;
  const bool regressed = diff.Regressed();
  out << HtmlPageStart("vdsoconf diff") << "<header><h1>vdsoconf diff <span class=\"badge "
      << (regressed ? "fail\">regressed" : "pass\">no regression") << "</span></h1></header>\n"
      << "<section id=\"counts\"><p>" << H(DiffCounts(diff)) << "</p></section>\n";
  WriteFindings(out, "new_findings", "New findings", diff.new_findings);
  WriteFindings(out, "gone_findings", "Findings gone", diff.gone_findings);
  for (const auto& section : CheckSections(diff)) WriteSection(out, section);
  if (!diff.kernel_changes.empty()) {
    out << "<section id=\"kernels\"><h2>Kernels (" << diff.kernel_changes.size()
        << ")</h2>\n<table><tr><th>kernel</th><th>change</th></tr>\n";
    for (const auto& k : diff.kernel_changes) {
      out << "<tr><td>" << H(k.kernel) << "</td><td>" << H(KernelChangeText(k)) << "</td></tr>\n";
    }
    out << "</table></section>\n";
  }
  out << HtmlPageEnd();
  return out.str();
}

}  // namespace vdsoconf::reports
