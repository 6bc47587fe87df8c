#include "vdsoconf/reports/report.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "vdsoconf/reports/html.h"
#include "vdsoconf/reports/junit.h"
#include "vdsoconf/reports/kcidb.h"
#include "vdsoconf/reports/ktap.h"
#include "vdsoconf/reports/markdown.h"

namespace vdsoconf::reports {
namespace {

struct FormatInfo {
  ReportFormat format;
  std::string_view name;
  std::string_view file;
};

constexpr FormatInfo kFormats[] = {
    {ReportFormat::kJson, "json", "results.json"}, {ReportFormat::kJunit, "junit", "junit.xml"},
    {ReportFormat::kKtap, "ktap", "results.ktap"}, {ReportFormat::kMarkdown, "md", "report.md"},
    {ReportFormat::kHtml, "html", "report.html"},  {ReportFormat::kKcidb, "kcidb", "kcidb.json"},
};

const FormatInfo& Info(ReportFormat format) {
  for (const auto& info : kFormats) {
    if (info.format == format) return info;
  }
  return kFormats[0];
}

std::string KnownNames() {
  std::string names;
  for (const auto& info : kFormats) names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

}  // namespace

std::string_view ReportFormatName(ReportFormat format) {
  return Info(format).name;
}
std::string_view ReportFileName(ReportFormat format) {
  return Info(format).file;
}

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "markdown") return ReportFormat::kMarkdown;
  for (const auto& info : kFormats) {
    if (info.name == name) return info.format;
  }
  return std::nullopt;
}

std::vector<ReportFormat> ParseReportFormats(std::string_view comma_separated) {
  std::vector<ReportFormat> formats;
  std::size_t start = 0;
  while (start <= comma_separated.size()) {
    std::size_t end = comma_separated.find(',', start);
    if (end == std::string_view::npos) end = comma_separated.size();
    std::string_view name = comma_separated.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      auto format = ParseReportFormat(name);
      if (!format) {
        throw ReportError("report: unknown format '" + std::string(name) +
                          "' (known: " + KnownNames() + ")");
      }
      if (std::find(formats.begin(), formats.end(), *format) == formats.end()) {
        formats.push_back(*format);
      }
    }
    start = end + 1;
  }
  if (formats.empty()) throw ReportError("report: no format given (known: " + KnownNames() + ")");
  return formats;
}

std::string RenderReport(const ResultsDocument& document, ReportFormat format,
                         const ReportOptions& options) {
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  switch (format) {
    case ReportFormat::kJson:
      return ToJson(document).dump(2, ' ', false, kReplace) + "\n";
    case ReportFormat::kJunit:
      return RenderJunit(document);
    case ReportFormat::kKtap:
      return RenderKtap(document);
    case ReportFormat::kMarkdown:
      return RenderMarkdown(document);
    case ReportFormat::kHtml:
      return RenderHtml(document, options.layouts);
    case ReportFormat::kKcidb:
      return RenderKcidb(document, options.kcidb_origin).dump(2, ' ', false, kReplace) + "\n";
  }
  throw ReportError("report: unknown format");
}

void WriteFileAtomically(const std::string& path, std::string_view content) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw ReportError("report: cannot write " + temporary + ": " + std::strerror(errno));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw ReportError("report: cannot rename " + temporary + " to " + path + ": " +
                      error.message());
  }
}

std::vector<std::string> WriteReports(const ResultsDocument& document,
                                      const std::vector<ReportFormat>& formats,
                                      const std::string& out_dir, const ReportOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) throw ReportError("report: cannot create " + out_dir + ": " + error.message());
  // Render everything first: a bad option fails before any file changes.
  std::vector<std::string> contents;
  for (ReportFormat format : formats) contents.push_back(RenderReport(document, format, options));
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < formats.size(); ++i) {
    std::string path = (std::filesystem::path(out_dir) / ReportFileName(formats[i])).string();
    WriteFileAtomically(path, contents[i]);
    paths.push_back(path);
  }
  return paths;
}

std::vector<std::string> WriteReports(const ResultsDocument& document, std::string_view formats,
                                      const std::string& out_dir, const ReportOptions& options) {
  return WriteReports(document, ParseReportFormats(formats), out_dir, options);
}

}  // namespace vdsoconf::reports
