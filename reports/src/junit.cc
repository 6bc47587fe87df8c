#include "vdsoconf/reports/junit.h"

#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/evidence_text.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

std::string Attr(std::string_view text) {
  return XmlEscape(text, true);
}
std::string Seconds(double ms) {
  return FormatNumber(ms / 1000.0, 3);
}

// JUnit (Jenkins junit-10.xsd) timestamps are ISO 8601 without a zone; results.json's `created` is
// RFC 3339 UTC. Anything that is not "YYYY-MM-DDTHH:MM:SS[Z]" is left out rather than guessed.
std::string JunitTimestamp(const std::string& created) {
  if (created.size() < 19) return "";
  std::string stamp = created.substr(0, 19);
  const char* shape = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < 19; ++i) {
    bool digit = stamp[i] >= '0' && stamp[i] <= '9';
    if (shape[i] == 'd' ? !digit : stamp[i] != shape[i]) return "";
  }
  return stamp;
}

struct SuiteCounts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
};

SuiteCounts CountSuite(const KernelRun& run) {
  SuiteCounts counts;
  counts.tests = 1 + static_cast<int>(run.checks.size());
  counts.ms = run.boot.wall_ms;
  if (run.InfraFailed()) {
    ++counts.errors;
    counts.skipped += static_cast<int>(run.checks.size());
    return counts;
  }
  for (const auto& check : run.checks) {
    counts.ms += check.duration_ms;
    switch (check.status) {
      case CheckStatus::kFail:
        ++counts.failures;
        break;
      case CheckStatus::kHang:
      case CheckStatus::kError:
        ++counts.errors;
        break;
      case CheckStatus::kSkip:
      case CheckStatus::kInconclusive:
        ++counts.skipped;
        break;
      case CheckStatus::kPass:
        break;
    }
  }
  return counts;
}

void WriteProperties(std::ostream& out, const KernelRun& run) {
  // An image run names what ran it (the run's machine).
  const std::string no_value;
  const std::string& executor = run.image_run ? run.machine : no_value;
  std::pair<const char*, const std::string*> properties[] = {
      {"kernel.version", &run.version},
      {"kernel.origin", &run.origin},
      {"kernel.generation", &run.generation},
      {"kernel.image_sha256", &run.image_sha256},
      {run.image_run ? "image_run.status" : "boot.status", &run.ExecutionStatus()},
      {"boot.console_log", &run.boot.console_log},
      {"image_run.executor", &executor},
  };
  out << "    <properties>\n";
  for (const auto& [name, value] : properties) {
    if (value->empty()) continue;
    out << "      <property name=\"" << name << "\" value=\"" << Attr(*value) << "\"/>\n";
  }
  out << "    </properties>\n";
}

void WriteBootCase(std::ostream& out, const KernelRun& run) {
  const std::string kind(run.ExecutionKind());
  out << "    <testcase classname=\"" << Attr(run.spec) << "." << kind << "\" name=\"" << kind
      << "\" time=\"" << Seconds(run.ExecutionWallMs()) << "\"";
  if (!run.InfraFailed()) {
    out << "/>\n";
    return;
  }
  std::string body = InfrastructureReason(run);
  if (!run.boot.console_excerpt.empty()) body += "\nconsole:\n" + run.boot.console_excerpt;
  std::string type =
      run.infra_error.empty() ? kind + "-" + run.ExecutionStatus() : "infrastructure";
  out << ">\n      <error type=\"" << Attr(type) << "\" message=\""
      << Attr(OneLine(InfrastructureReason(run))) << "\">" << XmlEscape(body)
      << "</error>\n    </testcase>\n";
}

void WriteCheckCase(std::ostream& out, const KernelRun& run, const CheckResult& check) {
  out << "    <testcase classname=\"" << Attr(run.spec + "." + check.Suite()) << "\" name=\""
      << Attr(check.id) << "\" time=\"" << Seconds(check.duration_ms) << "\"";
  if (run.InfraFailed()) {
    out << ">\n      <skipped message=\"kernel did not boot\"/>\n    </testcase>\n";
    return;
  }
  std::string message = Attr(OneLine(check.message));
  switch (check.status) {
    case CheckStatus::kPass:
      out << "/>\n";
      return;
    case CheckStatus::kSkip:
      out << ">\n      <skipped message=\"" << message << "\"/>\n    </testcase>\n";
      return;
    case CheckStatus::kInconclusive:
      // JUnit has no "undecided": a skip whose message says so.
      out << ">\n      <skipped message=\"inconclusive: " << message << "\"/>\n    </testcase>\n";
      return;
    case CheckStatus::kFail:
      out << ">\n      <failure type=\"" << (check.known_issue.empty() ? "fail" : "known-issue")
          << "\" message=\"" << message << "\">" << XmlEscape(FailureText(check))
          << "</failure>\n    </testcase>\n";
      return;
    case CheckStatus::kHang:
    case CheckStatus::kError:
      out << ">\n      <error type=\"" << CheckStatusName(check.status) << "\" message=\""
          << message << "\">" << XmlEscape(FailureText(check)) << "</error>\n    </testcase>\n";
      return;
  }
}

}  // namespace

std::string RenderJunit(const ResultsDocument& document) {
  SuiteCounts total;
  for (const auto& run : document.kernels) {
    SuiteCounts counts = CountSuite(run);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    total.ms += counts.ms;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"vdsoconf\" tests=\"" << total.tests << "\" failures=\""
      << total.failures << "\" errors=\"" << total.errors << "\" skipped=\"" << total.skipped
      << "\" time=\"" << Seconds(total.ms) << "\">\n";
  int index = 0;
  for (const auto& run : document.kernels) {
    SuiteCounts counts = CountSuite(run);
    out << "  <testsuite name=\"" << Attr(run.spec) << "\" id=\"" << index++ << "\" tests=\""
        << counts.tests << "\" failures=\"" << counts.failures << "\" errors=\"" << counts.errors
        << "\" skipped=\"" << counts.skipped << "\" time=\"" << Seconds(counts.ms) << "\"";
    std::string timestamp = JunitTimestamp(document.created);
    if (!timestamp.empty()) out << " timestamp=\"" << timestamp << "\"";
    out << ">\n";
    WriteProperties(out, run);
    WriteBootCase(out, run);
    for (const auto& check : run.checks) WriteCheckCase(out, run, check);
    if (!run.boot.console_excerpt.empty()) {
      out << "    <system-out>" << XmlEscape(run.boot.console_excerpt) << "</system-out>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace vdsoconf::reports
