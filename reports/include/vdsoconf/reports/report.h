// Every report format generated from the canonical results (results.h), and writing them to files.
//
//   json   results.json itself (the canonical document, re-serialised)
//   junit  JUnit XML: one <testsuite> per kernel, one <testcase> per check plus one for the boot
//   ktap   KTAP version 1: one subtest per kernel, SKIP/XFAIL/TIMEOUT/ERROR directives
//   md     Markdown for a pull-request comment
//   html   one self-contained HTML page (inline CSS and SVG, no script, no network)
//   kcidb  KCIDB v5 JSON for KernelCI
//
// Rendering is a pure function of the document (and the layout tables): no clock, no environment,
// so the same results always give byte-identical reports (the golden tests rely on it).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reports/layout_table.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

enum class ReportFormat { kJson, kJunit, kKtap, kMarkdown, kHtml, kKcidb };

inline constexpr ReportFormat kAllReportFormats[] = {ReportFormat::kJson, ReportFormat::kJunit,
                                                     ReportFormat::kKtap, ReportFormat::kMarkdown,
                                                     ReportFormat::kHtml, ReportFormat::kKcidb};

// Thrown for a bad format list or an output that cannot be written. The message says which.
class ReportError : public std::runtime_error {
 public:
  explicit ReportError(const std::string& message) : std::runtime_error(message) {}
};

// The command-line name: "json", "junit", "ktap", "md", "html", "kcidb".
std::string_view ReportFormatName(ReportFormat format);
// Accepts the names above (and "markdown" for md); nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);
// "html,junit" -> {kHtml, kJunit}, in the given order, duplicates dropped. Throws ReportError
// naming the unknown entry and listing the known ones; an empty list is an error too.
std::vector<ReportFormat> ParseReportFormats(std::string_view comma_separated);
// The file a format is written to inside an output directory: results.json, junit.xml,
// results.ktap, report.md, report.html, kcidb.json.
std::string_view ReportFileName(ReportFormat format);

struct ReportOptions {
  // vvar layout tables for the HTML report's side-by-side section (reference_layouts.h builds
  // them from the reference model). Empty: the section says no tables were provided.
  std::vector<LayoutTable> layouts;
  // KCIDB origin: the CI system's name, [a-z0-9_]+. Prefixes every KCIDB id.
  std::string kcidb_origin = "vdsoconf";
};

// The report as text. Never throws for a valid document; strings from kernels and guests are
// escaped for the format (escape.h). Throws ReportError only for an invalid kcidb_origin.
std::string RenderReport(const ResultsDocument& document, ReportFormat format,
                         const ReportOptions& options = {});

// Writes one file per format into `out_dir` (created if missing), each atomically (temp file +
// rename): a crash never leaves half a report. Returns the paths written, in `formats` order.
// Throws ReportError when the directory or a file cannot be written.
//
// `vdsoconf run --report html,junit` and `vdsoconf fuzz` call this after writing results.json.
std::vector<std::string> WriteReports(const ResultsDocument& document,
                                      const std::vector<ReportFormat>& formats,
                                      const std::string& out_dir,
                                      const ReportOptions& options = {});
// The same with the formats as the command line gives them ("html,junit"); ParseReportFormats'
// errors are thrown before anything is written.
std::vector<std::string> WriteReports(const ResultsDocument& document, std::string_view formats,
                                      const std::string& out_dir,
                                      const ReportOptions& options = {});

// Writes `content` to `path` atomically. Throws ReportError.
void WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace vdsoconf::reports
