#include "vdsoconf/reports/ktap.h"

#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/evidence_text.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

constexpr std::string_view kIndent = "    ";

// kunit.py's parser (tools/testing/kunit/kunit_parser.py, KTAP_END) stops reading at any line
// containing one of these console markers, which a panicking kernel's excerpt does contain. Their
// first space becomes U+00A0 (looks the same, no longer matches), so the rest of the report parses.
std::string DefuseKunitEndMarkers(std::string line) {
  static constexpr std::string_view kMarkers[] = {
      "List of all partitions:", "Kernel panic - not syncing: VFS:", "reboot: System halted"};
  for (std::string_view marker : kMarkers) {
    for (std::size_t at = line.find(marker); at != std::string::npos; at = line.find(marker, at)) {
      std::size_t space = line.find(' ', at);
      line.replace(space, 1, "\xC2\xA0");
    }
  }
  return line;
}

// One diagnostic line: control characters (a guest's \r, escape sequences) become spaces or
// U+FFFD, but spacing is kept so console excerpts stay readable.
std::string DiagnosticLine(std::string_view line) {
  std::string out;
  for (char c : ValidUtf8(line)) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\r') {
      out += ' ';
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return DefuseKunitEndMarkers(std::move(out));
}

// Every line of `text` as a "# " diagnostic line at the subtest's indentation: each starts with
// "# ", so a guest's output cannot forge a result line.
void WriteDiagnostics(std::ostream& out, std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = DiagnosticLine(text.substr(start, end - start));
    out << kIndent << "#" << (line.empty() ? "" : " ") << line << "\n";
    if (end == text.size()) break;
    start = end + 1;
  }
}

// A failure's diagnostics: message, known issue, and evidence and reproducer as one-line JSON each
// (a KTAP reader shows diagnostics line by line; one line per item keeps them greppable).
std::string FailureDiagnostics(const CheckResult& check) {
  std::string text = check.message;
  if (!check.known_issue.empty()) text += "\nknown issue: " + check.known_issue;
  if (!check.evidence.is_null()) text += "\nevidence: " + CompactJson(check.evidence);
  if (!check.reproducer.is_null()) text += "\nreproducer: " + CompactJson(check.reproducer);
  return text;
}

void WriteResult(std::ostream& out, std::string_view indent, bool ok, int number,
                 std::string_view name, std::string_view directive, std::string_view text) {
  out << indent << (ok ? "ok " : "not ok ") << number << " "
      << DefuseKunitEndMarkers(KtapName(name));
  if (!directive.empty()) {
    out << " # " << directive;
    std::string reason = DefuseKunitEndMarkers(KtapName(text));
    if (!reason.empty()) out << " " << reason;
  }
  out << "\n";
}

void WriteCheck(std::ostream& out, const KernelRun& run, const CheckResult& check, int number) {
  if (run.InfraFailed()) {
    WriteResult(out, kIndent, true, number, check.id, "SKIP",
                run.image_run ? "image did not run" : "kernel did not boot");
    return;
  }
  switch (check.status) {
    case CheckStatus::kPass:
      WriteResult(out, kIndent, true, number, check.id, "", "");
      return;
    case CheckStatus::kSkip:
      WriteResult(out, kIndent, true, number, check.id, "SKIP", check.message);
      return;
    case CheckStatus::kInconclusive:
      // KTAP has no "undecided" either: not a failure, so a skip that says why.
      WriteResult(out, kIndent, true, number, check.id, "SKIP", "inconclusive: " + check.message);
      return;
    case CheckStatus::kFail:
      WriteDiagnostics(out, FailureDiagnostics(check));
      if (!check.known_issue.empty()) {
        WriteResult(out, kIndent, false, number, check.id, "XFAIL", check.known_issue);
      } else {
        WriteResult(out, kIndent, false, number, check.id, "", "");
      }
      return;
    case CheckStatus::kHang:
      WriteDiagnostics(out, FailureDiagnostics(check));
      WriteResult(out, kIndent, false, number, check.id, "TIMEOUT", check.message);
      return;
    case CheckStatus::kError:
      WriteDiagnostics(out, FailureDiagnostics(check));
      WriteResult(out, kIndent, false, number, check.id, "ERROR", check.message);
      return;
  }
}

void WriteKernel(std::ostream& out, const KernelRun& run, int number) {
  std::string name = KtapName(run.spec);
  out << kIndent << "KTAP version 1\n";
  out << kIndent << "# Subtest: " << name << "\n";
  out << kIndent << "1.." << 1 + run.checks.size() << "\n";
  if (run.InfraFailed()) {
    std::string text = InfrastructureReason(run);
    if (!run.boot.console_excerpt.empty()) text += "\nconsole:\n" + run.boot.console_excerpt;
    WriteDiagnostics(out, text);
    WriteResult(out, kIndent, false, 1, std::string(run.ExecutionKind()), "ERROR",
                InfrastructureReason(run));
  } else {
    WriteResult(out, kIndent, true, 1, std::string(run.ExecutionKind()), "", "");
  }
  int index = 2;
  for (const auto& check : run.checks) WriteCheck(out, run, check, index++);
  switch (VerdictOf(run)) {
    case KernelVerdict::kPass:
      WriteResult(out, "", true, number, run.spec, "", "");
      break;
    case KernelVerdict::kFail:
      WriteResult(out, "", false, number, run.spec, "", "");
      break;
    case KernelVerdict::kInfrastructure:
      WriteResult(out, "", false, number, run.spec, "ERROR", InfrastructureReason(run));
      break;
  }
}

}  // namespace

std::string RenderKtap(const ResultsDocument& document) {
  std::ostringstream out;
  out << "KTAP version 1\n";
  out << "# vdsoconf " << OneLine(document.vdsoconf_version) << " results created "
      << OneLine(document.created) << "\n";
  out << "1.." << document.kernels.size() << "\n";
  int number = 1;
  for (const auto& run : document.kernels) WriteKernel(out, run, number++);
  Summary s = document.Summarize();
  int known = 0;
  for (const auto& run : document.kernels) {
    for (const auto& check : run.checks) {
      if (check.status == CheckStatus::kFail && !check.known_issue.empty()) ++known;
    }
  }
  out << "# Totals: pass:" << s.pass << " fail:" << s.fail - known << " xfail:" << known
      << " skip:" << s.skip << " timeout:" << s.hang << " error:" << s.error
      << " not-booted:" << s.infra_failures << "\n";
  return out.str();
}

}  // namespace vdsoconf::reports
