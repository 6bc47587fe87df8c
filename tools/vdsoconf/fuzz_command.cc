// `vdsoconf fuzz`: a libFuzzer campaign on one fuzz_* target with live progress, deduplicated and
// minimised findings and a summary; `vdsoconf fuzz --reproduce FILE` replays one finding.
//
//   vdsoconf fuzz --target NAME [--kernel SPEC | --image PATH] [--time S] [--jobs N] [--out DIR]
//                 [--fuzzer-dir DIR] [--report FORMATS] [--minimize-time S]
//   vdsoconf fuzz --reproduce FILE [--target NAME] [--fuzzer-dir DIR]
//
// --kernel provisions the kernel (debian:latest, source:6.12, a path: the default target's kernel
// store) and hands it to the differential target, which picks its plain (non-CFI) vDSO image;
// --image takes a kernel or a vdso.so directly. --report writes OUT/results.json with the
// campaign as its "fuzzing" section (exec/s and coverage over time) and renders FORMATS (html
// plots them).
//
// The fuzz_* binaries come from the `fuzz` preset (clang-14, ASan+UBSan); this command only runs
// them, so it works from the ordinary g++ build. Exit codes: 0 no findings (or only documented
// behaviour), 1 findings, 2 infrastructure (fuzzers not built, a run that could not finish).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"
#include "vdsoconf/core/version.h"
#include "vdsoconf/fuzz/campaign/campaign.h"
#include "vdsoconf/fuzz/campaign/campaign_report.h"
#include "vdsoconf/reports/report.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/runner/child_groups.h"
#include "vdsoconf/targets/kernel_store.h"
#include "vdsoconf/targets/target.h"

namespace {

namespace fs = std::filesystem;
using vdsoconf::fuzz::FuzzerStatus;

struct FuzzFlags {
  std::string target;
  std::string kernel;
  std::string image;
  int seconds = 60;
  int jobs = 1;
  std::string out;
  std::string fuzzer_dir;
  std::string reproduce;
  std::string report;
  int minimize_seconds = 30;
};

// The fuzz targets, as fuzz/ declares them (tools/vdsoconf/CMakeLists.txt reads the list there).
std::vector<std::string> FuzzTargetNames() {
  return vdsoconf::cli::SplitCommas({VDSOCONF_FUZZ_TARGETS});
}

// The repository's fuzz/ folder: the nearest ancestor of the working directory that has
// fuzz/corpus (seeds, dictionaries and options are read from there).
fs::path FindFuzzSourceDir() {
  for (fs::path dir = fs::current_path();; dir = dir.parent_path()) {
    if (fs::is_directory(dir / "fuzz" / "corpus")) return dir / "fuzz";
    if (dir == dir.root_path() || dir.empty()) break;
  }
  return fs::path("fuzz");
}

fs::path DefaultFuzzerDir(const FuzzFlags& flags) {
  if (!flags.fuzzer_dir.empty()) return flags.fuzzer_dir;
  if (const char* env = std::getenv("VDSOCONF_FUZZER_DIR")) return env;
  return FindFuzzSourceDir().parent_path() / "build" / "fuzz";
}

void PrintProgress(const FuzzerStatus& status, std::chrono::steady_clock::time_point start,
                   std::chrono::steady_clock::time_point* last_print) {
  const auto now = std::chrono::steady_clock::now();
  if (now - *last_print < std::chrono::seconds(1) && status.event != "DONE") return;
  *last_print = now;
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
  std::cerr << "[" << elapsed << "s] execs " << status.execs << "  exec/s " << status.exec_per_sec
            << "  cov " << status.cov << "  ft " << status.ft << "  corpus " << status.corpus
            << "  crashes " << status.crashes << "  timeouts " << status.timeouts << "\n";
}

void RunReproduce(const FuzzFlags& flags) {
  std::string target = flags.target;
  const fs::path sidecar = fs::path(flags.reproduce).replace_extension(".json");
  if (target.empty() && fs::exists(sidecar)) {
    std::ifstream in(sidecar);
    target = nlohmann::json::parse(in, nullptr, false).value("target", "");
  }
  if (target.empty()) {
    throw vdsoconf::InfraError("cannot tell the target of " + flags.reproduce + ": no " +
                               sidecar.string() + "; pass --target NAME");
  }
  std::optional<fs::path> image;
  if (!flags.image.empty()) {
    image = flags.image;
  } else if (fs::exists(sidecar)) {
    std::ifstream in(sidecar);
    const std::string recorded = nlohmann::json::parse(in, nullptr, false).value("image", "");
    if (!recorded.empty()) image = recorded;
  }
  const fs::path fuzzer = vdsoconf::fuzz::FindFuzzer(DefaultFuzzerDir(flags), target);
  const auto verdict = vdsoconf::fuzz::Replay(fuzzer, flags.reproduce, std::chrono::seconds(60),
                                              vdsoconf::fuzz::FuzzerEnvironment(image));
  if (verdict.reproduces) {
    std::cout << "REPRODUCES on fuzz_" << target << ": " << verdict.key << " ("
              << vdsoconf::fuzz::FindingClassName(
                     vdsoconf::fuzz::ClassifyFinding(target, verdict.key))
              << ")\n";
    std::cerr << verdict.output;
    // Documented behaviour reproduces (the replay is strict) but is not a failure.
    const bool documented = vdsoconf::fuzz::ClassifyFinding(target, verdict.key) ==
                            vdsoconf::fuzz::FindingClass::kDocumentedBehaviour;
    vdsoconf::cli::SetExitCode(documented ? vdsoconf::kExitPass : vdsoconf::kExitCheckFailed);
  } else {
    std::cout << "does not reproduce on fuzz_" << target << ": the input passes\n";
    vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
  }
}

// results.json with the campaign as its "fuzzing" section, and the reports rendered from it.
void WriteCampaignReports(const FuzzFlags& flags, const vdsoconf::fuzz::CampaignOptions& options,
                          const vdsoconf::fuzz::CampaignSummary& summary) {
  namespace reports = vdsoconf::reports;
  reports::ResultsDocument document;
  document.vdsoconf_version = std::string(vdsoconf::kVersion);
  document.created = reports::NowRfc3339();
  document.command = vdsoconf::cli::Invocation();
  document.fuzzing.push_back(
      vdsoconf::fuzz::ToFuzzCampaign(summary, !flags.kernel.empty() ? flags.kernel : flags.image));
  const std::string results = (options.out_dir / "results.json").string();
  reports::WriteResults(document, results);
  std::cout << "results: " << results << "\n";
  for (const auto& path : reports::WriteReports(document, flags.report, options.out_dir.string())) {
    std::cout << "report: " << path << "\n";
  }
}

// Usage errors (exit 64) found before any fuzzer or kernel is looked for.
void ValidateFuzzFlags(const FuzzFlags& flags) {
  if (!flags.target.empty()) {
    vdsoconf::cli::RequireNames("--target", "fuzz target", {flags.target}, FuzzTargetNames());
  }
  if (!flags.reproduce.empty()) return;
  if (flags.target.empty()) {
    std::string names;
    for (const auto& name : FuzzTargetNames()) names += (names.empty() ? "" : ", ") + name;
    throw CLI::RequiredError("--target NAME is required (or --reproduce FILE); targets: " + names,
                             CLI::ExitCodes::RequiredError);
  }
  if ((!flags.kernel.empty() || !flags.image.empty()) && flags.target != "differential") {
    throw CLI::ValidationError("--kernel",
                               "--kernel and --image are for --target differential only");
  }
  if (!flags.kernel.empty()) vdsoconf::cli::RequireKernelSpec("--kernel", flags.kernel);
  if (flags.target == "differential" && flags.kernel.empty() && flags.image.empty()) {
    throw CLI::RequiredError("--target differential needs --kernel SPEC or --image PATH",
                             CLI::ExitCodes::RequiredError);
  }
}

void RunFuzz(const FuzzFlags& flags) {
  ValidateFuzzFlags(flags);
  if (!flags.reproduce.empty()) return RunReproduce(flags);
  if (!flags.report.empty()) {
    try {
      vdsoconf::reports::ParseReportFormats(flags.report);  // refused before the campaign runs
    } catch (const vdsoconf::reports::ReportError& e) {
      throw CLI::ValidationError("--report", e.what());
    }
  }
  vdsoconf::fuzz::CampaignOptions options;
  options.target = flags.target;
  options.fuzzer_dir = DefaultFuzzerDir(flags);
  options.source_dir = FindFuzzSourceDir();
  options.out_dir = flags.out.empty() ? fs::path("fuzz-out") / flags.target : fs::path(flags.out);
  options.duration = std::chrono::seconds(flags.seconds);
  options.jobs = flags.jobs;
  options.minimize_time = std::chrono::seconds(flags.minimize_seconds);
  if (!flags.image.empty()) options.image = flags.image;
  if (!flags.kernel.empty()) {
    std::cerr << "provisioning " << flags.kernel << "\n";
    const auto kernel = vdsoconf::targets::DefaultTarget().Kernels().Provision(flags.kernel, {});
    std::cerr << "kernel " << kernel.version << " (" << kernel.origin
              << "): " << kernel.image.string() << "\n";
    options.image = kernel.image;
  }
  const auto start = std::chrono::steady_clock::now();
  auto last_print = start - std::chrono::seconds(10);
  std::cerr << "fuzzing " << options.target << " for " << flags.seconds << " s with " << flags.jobs
            << " job(s); output in " << options.out_dir.string() << "\n";
  // Ctrl-C stops libFuzzer (RunSubprocess notices), and the summary of what ran is still written.
  vdsoconf::runner::InstallInterruptHandler();
  const auto summary = vdsoconf::fuzz::RunCampaign(
      options, [&](const FuzzerStatus& s) { PrintProgress(s, start, &last_print); });
  std::cout << "fuzz summary: target " << summary.target << ", " << summary.last.execs
            << " execs, last exec/s " << summary.last.exec_per_sec << ", cov " << summary.last.cov
            << ", ft " << summary.last.ft << ", corpus " << summary.last.corpus << ", "
            << summary.findings.size() << " finding(s)\n";
  for (const auto& f : summary.findings) {
    std::cout << "  [" << vdsoconf::fuzz::FindingClassName(f.finding_class) << "] " << f.key << " x"
              << f.occurrences << (f.minimized ? " (minimised)" : "") << "\n    " << f.first_line
              << "\n    reproduce: vdsoconf fuzz --reproduce " << f.reproducer.string() << "\n";
  }
  if (!summary.infra_error.empty()) std::cout << "infrastructure: " << summary.infra_error << "\n";
  std::cout << "summary: " << (options.out_dir / "fuzz-summary.json").string() << "\n";
  if (!flags.report.empty()) WriteCampaignReports(flags, options, summary);
  if (const int interrupt = vdsoconf::InterruptSignal(); interrupt != 0) {
    std::cerr << "vdsoconf: interrupted (" << vdsoconf::InterruptSignalName(interrupt)
              << "): partial summary in " << (options.out_dir / "fuzz-summary.json").string()
              << "\n";
    vdsoconf::cli::SetExitCode(128 + interrupt);
    return;
  }
  vdsoconf::cli::SetExitCode(vdsoconf::fuzz::CampaignExitCode(summary));
}

const vdsoconf::cli::Registration kRegistration{
    "fuzz", [](CLI::App& root) {
      auto flags = std::make_shared<FuzzFlags>();
      auto* command = root.add_subcommand("fuzz", "Run a fuzzing campaign, or replay a finding");
      command->add_option(
          "--target", flags->target,
          "Fuzz target (required unless --reproduce): " + std::string(VDSOCONF_FUZZ_TARGETS));
      auto* kernel =
          command->add_option("--kernel", flags->kernel, "Kernel spec for the differential target");
      command
          ->add_option("--image", flags->image,
                       "vDSO image or kernel file for the "
                       "differential target")
          ->excludes(kernel);
      command->add_option("--time", flags->seconds, "Campaign length in seconds")
          ->check(vdsoconf::cli::WholeNumber(1, 7 * 24 * 3600));
      command->add_option("--jobs", flags->jobs, "Parallel fuzzing processes (libFuzzer -fork)")
          ->check(vdsoconf::cli::WholeNumber(1, 256));
      command->add_option("--out", flags->out, "Output directory (default fuzz-out/TARGET)");
      command->add_option("--fuzzer-dir", flags->fuzzer_dir,
                          "Where the fuzz_* binaries are (default $VDSOCONF_FUZZER_DIR or "
                          "build/fuzz)");
      command->add_option("--reproduce", flags->reproduce, "Replay one finding file")
          ->check(CLI::ExistingFile);
      command
          ->add_option("--minimize-time", flags->minimize_seconds,
                       "Seconds of minimisation per distinct finding (default 30)")
          ->check(vdsoconf::cli::WholeNumber(1, 3600));
      command->add_option("--report", flags->report,
                          "Also write results.json (the campaign as its \"fuzzing\" section) "
                          "and these report formats into --out: json, html, md, ...");
      vdsoconf::cli::SetExamples(
          *command,
          {"vdsoconf fuzz --target model --time 600 --out fuzz-out/model",
           "vdsoconf fuzz --target differential --kernel debian:latest --time 600 --report html",
           "vdsoconf fuzz --reproduce fuzz-out/model/findings/FILE"});
      command->callback([flags] { RunFuzz(*flags); });
    }};

}  // namespace
