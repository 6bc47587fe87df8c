// `vdsoconf check-image --kernel SPEC | --image PATH [--out DIR] [--report FORMATS]`: every vDSO
// image of a kernel run under the executor against the reference model (the default target's
// check-image plans, vdsoconf/targets/image_checks.h).
// Writes DIR/results.json (one target per image, one check per property), prints a summary with
// checks/s and the ratio to the bare loop. Exit 0 all agree, 1 a check failed, 2 could not check.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"
#include "vdsoconf/core/version.h"
#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/report.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/runner/child_groups.h"
#include "vdsoconf/targets/image_checks.h"
#include "vdsoconf/targets/image_executor.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/kernel_store.h"
#include "vdsoconf/targets/target.h"

namespace {

using vdsoconf::targets::ImageCheckReport;

struct CheckImageFlags {
  std::string kernel;
  std::string image;
  std::string out = "vdsoconf-out/check-image";
  std::string report;
  std::vector<std::string> only;
  bool no_bare_loop = false;
};

std::string Fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

void PrintImageSummary(const ImageCheckReport& run) {
  const auto& target = run.target;
  std::cout << target.spec << " (generation " << target.generation << ", sha256 "
            << target.image_sha256.substr(0, 12) << ")\n";
  if (!target.infra_error.empty()) {
    std::cout << "  could not check: " << target.infra_error << "\n";
    return;
  }
  for (const auto& check : target.checks) {
    std::cout << "  " << vdsoconf::reports::CheckStatusName(check.status) << "  " << check.id
              << ": " << check.message << "\n";
  }
  std::cout << "  " << run.comparisons << " comparisons, " << run.calls << " executor calls in "
            << Fixed(run.check_seconds, 2) << " s: " << Fixed(run.comparisons_per_second, 0)
            << " checks/s, " << Fixed(run.calls_per_second, 0) << " calls/s\n";
  if (run.bare_ns_per_call) {
    std::cout << "  bare loop of __vdso_clock_gettime under "
              << vdsoconf::targets::DefaultTarget().Executor().Runner()
              << " (same run): " << Fixed(*run.bare_ns_per_call, 1) << " ns/call ("
              << Fixed(1e9 / *run.bare_ns_per_call, 0) << " calls/s); over the bare loop: checks/s "
              << Fixed(run.checks_ratio_to_bare_loop, 3) << ", calls/s "
              << Fixed(run.calls_ratio_to_bare_loop, 3) << "\n";
  }
}

// --only selects checks by a part of their name: each part must select at least one.
void ValidateOnly(const std::vector<std::string>& only) {
  const std::vector<std::string> names =
      vdsoconf::targets::DefaultTarget().ImageChecks().CheckNames();
  for (const auto& part : only) {
    bool selects = false;
    for (const auto& name : names) selects = selects || name.find(part) != std::string::npos;
    if (!selects) {
      throw CLI::ValidationError("--only",
                                 "'" + part + "' is part of no check's name (" +
                                     vdsoconf::cli::UnknownNameMessage("check", part, names) + ")");
    }
  }
}

void RunCheckImage(const CheckImageFlags& flags) {
  auto& target = vdsoconf::targets::DefaultTarget();
  if (flags.kernel.empty() == flags.image.empty()) {
    throw CLI::ValidationError("check-image", "give exactly one of --kernel SPEC or --image PATH");
  }
  ValidateOnly(flags.only);
  if (!flags.kernel.empty()) vdsoconf::cli::RequireKernelSpec("--kernel", flags.kernel);
  if (!flags.report.empty()) {
    try {
      vdsoconf::reports::ParseReportFormats(flags.report);
    } catch (const vdsoconf::reports::ReportError& e) {
      throw CLI::ValidationError("--report", e.what());
    }
  }
  std::filesystem::path kernel_file = flags.image;
  std::string spec = flags.image;
  std::string kernel_version;
  if (!flags.kernel.empty()) {
    const auto provisioned = target.Kernels().Provision(flags.kernel, {});
    kernel_file = provisioned.image;
    spec = flags.kernel;
    kernel_version = provisioned.version;
  }
  const auto extracted = target.Images().Extract(kernel_file);

  vdsoconf::reports::ResultsDocument document;
  document.vdsoconf_version = std::string(vdsoconf::kVersion);
  document.created = vdsoconf::reports::NowRfc3339();
  document.command = vdsoconf::cli::Invocation();
  vdsoconf::targets::ImageCheckOptions options;
  options.only = flags.only;
  options.measure_bare_loop = !flags.no_bare_loop;
  std::uint64_t comparisons = 0;
  double seconds = 0;
  double bare_ns_sum = 0;  // of the images whose bare loop was measured
  std::size_t bare_loops = 0;
  vdsoconf::runner::InstallInterruptHandler();
  for (std::size_t i = 0; i < extracted.images.size() && !vdsoconf::Interrupted(); ++i) {
    const auto& image = *extracted.images[i];
    ImageCheckReport run = target.ImageChecks().Check(image, spec + " " + image.Name(), options);
    if (!kernel_version.empty()) run.target.version = kernel_version;
    run.target.origin =
        flags.kernel.empty() ? "user" : flags.kernel.substr(0, flags.kernel.find(':'));
    PrintImageSummary(run);
    comparisons += run.comparisons;
    seconds += run.check_seconds;
    if (run.bare_ns_per_call) {
      bare_ns_sum += *run.bare_ns_per_call;
      ++bare_loops;
    }
    document.kernels.push_back(std::move(run.target));
  }
  const int interrupt = vdsoconf::InterruptSignal();
  if (interrupt != 0) {
    document.incomplete_reason =
        std::string("interrupted by ") + vdsoconf::InterruptSignalName(interrupt);
  }
  std::filesystem::create_directories(flags.out);
  const std::string results = (std::filesystem::path(flags.out) / "results.json").string();
  vdsoconf::reports::WriteResults(document, results);
  if (!flags.report.empty()) {
    for (const auto& path : vdsoconf::reports::WriteReports(document, flags.report, flags.out)) {
      std::cerr << "vdsoconf check-image: wrote " << path << "\n";
    }
  }
  if (interrupt != 0) {
    std::cerr << "vdsoconf: interrupted (" << vdsoconf::InterruptSignalName(interrupt)
              << "): partial results in " << results << "\n";
    vdsoconf::cli::SetExitCode(128 + interrupt);
    return;
  }
  const auto summary = document.Summarize();
  const double checks_per_second = seconds > 0 ? static_cast<double>(comparisons) / seconds : 0;
  std::cout << extracted.images.size() << " image(s), " << summary.checks
            << " checks: " << summary.pass << " pass, " << summary.fail << " fail, " << summary.skip
            << " skip, " << summary.error + summary.hang << " error; " << comparisons
            << " comparisons in " << Fixed(seconds, 2) << " s at " << Fixed(checks_per_second, 0)
            << " checks/s";
  if (bare_loops > 0) {
    const double bare_ns = bare_ns_sum / static_cast<double>(bare_loops);
    std::cout << "; bare loop " << Fixed(bare_ns, 1) << " ns/call, ratio "
              << Fixed(checks_per_second * bare_ns / 1e9, 3);
  }
  std::cout << "\n" << vdsoconf::reports::FindingsText(document) << "results: " << results << "\n";
  vdsoconf::cli::SetExitCode(vdsoconf::reports::ExitCodeFor(document));
}

const vdsoconf::cli::Registration kRegistration{
    "check-image", [](CLI::App& root) {
      auto flags = std::make_shared<CheckImageFlags>();
      auto* command = root.add_subcommand(
          "check-image",
          "Run every vDSO image of a kernel against the reference model (exact agreement)");
      auto* kernel = command->add_option("--kernel", flags->kernel, vdsoconf::cli::kKernelSpecHelp);
      command
          ->add_option("--image", flags->image,
                       "Kernel file (PE/EFI, plain or compressed Image, vmlinux) or a vdso.so")
          ->check(CLI::ExistingFile)
          ->excludes(kernel);
      command->add_option("--out", flags->out, "Directory for results.json and reports")
          ->capture_default_str();
      command->add_option("--report", flags->report,
                          "Extra report formats next to results.json, e.g. html,junit");
      command->add_option("--only", flags->only,
                          "Run only checks whose name contains this (repeatable)");
      command->add_flag("--no-bare-loop", flags->no_bare_loop,
                        "Skip the bare-loop throughput measurement");
      vdsoconf::cli::SetExamples(
          *command,
          {"vdsoconf check-image --kernel debian:latest --out out/check-image",
           "vdsoconf check-image --kernel source:6.1+nojumplabel --only seqlock --no-bare-loop",
           "vdsoconf check-image --image vdso.so --report html"});
      command->callback([flags] { RunCheckImage(*flags); });
    }};

}  // namespace
