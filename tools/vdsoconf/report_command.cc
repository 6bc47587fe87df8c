// `vdsoconf report`: every report format generated from results.json, and the diff of two runs.
//
//   vdsoconf report --in DIR|FILE... --format json|junit|ktap|md|html|kcidb [--out FILE]
//   vdsoconf report --in DIR|FILE... --format html,junit,kcidb --out-dir DIR
//   vdsoconf report --diff OLD NEW [--format md|json|html] [--out FILE]
//
// Several inputs are merged into one report (one results.json per CI job of a matrix). Exit codes:
// 0 written; 2 an input is missing, invalid or from a newer vdsoconf, or an output cannot be
// written; 64 a bad command line. With --diff: 1 when NEW regressed against OLD (newly failing
// checks, new failing checks, a kernel that stopped running), else 0.
#include <fstream>
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "command_registry.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/inputs.h"
#include "vdsoconf/reports/reference_layouts.h"
#include "vdsoconf/reports/report.h"

namespace {

using namespace vdsoconf::reports;

struct Flags {
  std::vector<std::string> inputs;
  std::vector<std::string> diff;
  std::string format;
  std::string out;
  std::string out_dir;
  std::string kcidb_origin = "vdsoconf";
};

// Writes to --out (atomically) or to stdout.
void Emit(const Flags& flags, const std::string& text) {
  if (flags.out.empty()) {
    std::cout << text;
    std::cout.flush();
  } else {
    WriteFileAtomically(flags.out, text);
  }
}

int RunDiff(const Flags& flags) {
  std::string format = flags.format.empty() ? "md" : flags.format;
  if (format != "md" && format != "markdown" && format != "json" && format != "html") {
    std::cerr << "vdsoconf report: --diff writes md, json or html, not '" << format << "'\n";
    return vdsoconf::kExitUsage;
  }
  auto documents = ReadResultsInputs(flags.diff);
  ResultsDiff diff = DiffResults(documents[0], documents[1]);
  if (format == "json") {
    Emit(flags, DiffToJson(diff).dump(2) + "\n");
  } else if (format == "html") {
    Emit(flags, RenderDiffHtml(diff));
  } else {
    Emit(flags, RenderDiffMarkdown(diff));
  }
  return diff.Regressed() ? vdsoconf::kExitCheckFailed : vdsoconf::kExitPass;
}

int RunReport(const Flags& flags) {
  if (flags.inputs.empty()) {
    std::cerr << "vdsoconf report: --in is required (or --diff OLD NEW)\n";
    return vdsoconf::kExitUsage;
  }
  if (flags.format.empty()) {
    std::cerr << "vdsoconf report: --format is required (json, junit, ktap, md, html, kcidb)\n";
    return vdsoconf::kExitUsage;
  }
  std::vector<ReportFormat> formats;
  try {
    formats = ParseReportFormats(flags.format);
  } catch (const ReportError& e) {
    std::cerr << "vdsoconf " << e.what() << "\n";
    return vdsoconf::kExitUsage;
  }
  if (formats.size() > 1 && flags.out_dir.empty()) {
    std::cerr << "vdsoconf report: several formats need --out-dir DIR (one file each)\n";
    return vdsoconf::kExitUsage;
  }
  // --out names a file; a folder there is a mistaken --out-dir, said before any work is done.
  if (!flags.out.empty() && std::filesystem::is_directory(flags.out)) {
    std::cerr << "vdsoconf report: --out " << flags.out
              << " is a folder; --out names the report file (--out-dir DIR writes report.<format> "
                 "files into a folder)\n";
    return vdsoconf::kExitUsage;
  }
  ResultsDocument document = MergeResults(ReadResultsInputs(flags.inputs));
  ReportOptions options;
  options.kcidb_origin = flags.kcidb_origin;
  options.layouts = ReferenceLayoutTables();
  if (!flags.out_dir.empty()) {
    for (const auto& path : WriteReports(document, formats, flags.out_dir, options)) {
      std::cerr << "vdsoconf report: wrote " << path << "\n";
    }
  } else {
    Emit(flags, RenderReport(document, formats[0], options));
  }
  return vdsoconf::kExitPass;
}

const vdsoconf::cli::Registration kRegistration{
    "report", [](CLI::App& root) {
      auto flags = std::make_shared<Flags>();
      auto* command = root.add_subcommand(
          "report",
          "Generate JUnit, KTAP, KCIDB, Markdown or HTML from results.json, or diff two runs");
      command->add_option("--in", flags->inputs, "results.json files or run directories (merged)");
      command->add_option("--format", flags->format,
                          "json, junit, ktap, md, html or kcidb; comma-separated with --out-dir "
                          "(--diff: md, json or html)");
      command->add_option("--out", flags->out, "output file (default: standard output)");
      command->add_option("--out-dir", flags->out_dir,
                          "write one file per format into this directory");
      command->add_option("--kcidb-origin", flags->kcidb_origin, "KCIDB origin name ([a-z0-9_]+)");
      auto* diff =
          command->add_option("--diff", flags->diff, "OLD NEW: what changed between two runs")
              ->expected(2);
      diff->excludes(command->get_option("--in"));
      vdsoconf::cli::SetExamples(
          *command, {"vdsoconf report --in out --format ktap",
                     "vdsoconf report --in job1/results.json job2 --format html,junit,kcidb "
                     "--out-dir reports",
                     "vdsoconf report --diff old/results.json new/results.json --format md"});
      command->callback([flags] {
        try {
          vdsoconf::cli::SetExitCode(flags->diff.empty() ? RunReport(*flags) : RunDiff(*flags));
        } catch (const ResultsError& e) {
          std::cerr << "vdsoconf report: " << e.what() << "\n";
          vdsoconf::cli::SetExitCode(vdsoconf::kExitInfrastructure);
        } catch (const ReportError& e) {
          std::cerr << "vdsoconf " << e.what() << "\n";
          vdsoconf::cli::SetExitCode(vdsoconf::kExitInfrastructure);
        }
      });
    }};

}  // namespace
