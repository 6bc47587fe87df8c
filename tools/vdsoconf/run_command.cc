// `vdsoconf run`: boot a matrix of kernels with the guest agent, write results.json and the
// console logs, print a per-kernel summary. Exit 0 all checks pass, 1 a check failed, 2 a kernel
// could not be provisioned or booted (exit_code.h).
#include <iostream>
#include <memory>

#include "cli_support.h"
#include "command_registry.h"
#include "kernel_argument.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"
#include "vdsoconf/reports/findings.h"
#include "vdsoconf/reports/reference_layouts.h"
#include "vdsoconf/reports/report.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/runner/child_groups.h"
#include "vdsoconf/runner/run_session.h"
#include "vdsoconf/targets/target.h"

namespace {

struct RunFlags {
  std::vector<std::string> kernels;
  std::vector<std::string> suites;
  int jobs = 1;
  std::string out = "vdsoconf-out";
  std::string arch;
  bool trivial_init = false;
  std::string init;
  std::string append;
  double boot_timeout_s = 60;
  double timeout_s = 180;
  double probe_timeout_s = 20;
  std::string report;  // extra formats written next to results.json, e.g. "html,junit"
};

std::chrono::milliseconds Ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long>(seconds * 1000.0));
}

// Every name on the command line checked before anything is provisioned or booted: a typo is
// exit 64 naming the valid names, never a kernel that seems to fail.
vdsoconf::targets::Target& ValidatedTarget(const RunFlags& flags) {
  using namespace vdsoconf;
  if (!flags.arch.empty())
    cli::RequireNames("--arch", "architecture", {flags.arch}, targets::TargetNames());
  targets::Target& target =
      flags.arch.empty() ? targets::DefaultTarget() : *targets::FindTarget(flags.arch);
  cli::RequireNames("--suite", "probe", flags.suites, target.ProbeNames());
  for (const auto& spec : flags.kernels) {
    if (std::string why = target.WhyNotKernelSpec(spec); !why.empty()) {
      throw CLI::ValidationError("--kernel", why);
    }
  }
  if (!flags.report.empty()) {
    try {
      reports::ParseReportFormats(flags.report);
    } catch (const reports::ReportError& e) {
      throw CLI::ValidationError("--report", e.what());
    }
  }
  return target;
}

// After Ctrl-C or SIGTERM: the results so far, marked incomplete, and one line saying where.
void FinishInterrupted(const std::string& results) {
  const int signal_number = vdsoconf::InterruptSignal();
  std::cerr << "vdsoconf: interrupted (" << vdsoconf::InterruptSignalName(signal_number)
            << "): partial results in " << results << "\n";
  vdsoconf::cli::SetExitCode(128 + signal_number);
}

void Run(const RunFlags& flags) {
  vdsoconf::targets::Target* target = &ValidatedTarget(flags);
  vdsoconf::runner::RunOptions options;
  options.kernel_specs = flags.kernels;
  options.probes = vdsoconf::cli::SplitCommas(flags.suites);
  options.jobs = flags.jobs;
  options.out_dir = flags.out;
  options.trivial_init = flags.trivial_init;
  options.init_program = flags.init;
  options.extra_cmdline = flags.append;
  options.boot_timeout = Ms(flags.boot_timeout_s);
  options.overall_timeout = Ms(flags.timeout_s);
  options.probe_timeout = Ms(flags.probe_timeout_s);
  options.command_line = vdsoconf::cli::Invocation();

  vdsoconf::runner::InstallInterruptHandler();
  auto document = vdsoconf::runner::RunSession(*target, options, std::cerr);
  if (vdsoconf::Interrupted()) {
    document.incomplete_reason =
        std::string("interrupted by ") + vdsoconf::InterruptSignalName(vdsoconf::InterruptSignal());
  }
  std::string results = (options.out_dir / "results.json").string();
  vdsoconf::reports::WriteResults(document, results);
  if (!flags.report.empty()) {
    vdsoconf::reports::ReportOptions report_options;
    report_options.layouts = vdsoconf::reports::ReferenceLayoutTables();
    for (const auto& path :
         vdsoconf::reports::WriteReports(document, flags.report, flags.out, report_options)) {
      std::cerr << "vdsoconf run: wrote " << path << "\n";
    }
  }
  if (vdsoconf::Interrupted()) return FinishInterrupted(results);
  std::cout << vdsoconf::runner::SummaryTable(document)
            << vdsoconf::reports::FindingsText(document) << "results: " << results << "\n";
  vdsoconf::cli::SetExitCode(vdsoconf::reports::ExitCodeFor(document));
}

const vdsoconf::cli::Registration kRegistration{
    "run", [](CLI::App& root) {
      auto flags = std::make_shared<RunFlags>();
      auto* command = root.add_subcommand(
          "run", "Boot kernels with the guest agent, run the probes, write DIR/results.json");
      command->add_option("--kernel", flags->kernels,
                          vdsoconf::cli::kRepeatableKernelSpecHelp);
      auto* suite = command->add_option(
          "--suite", flags->suites,
          "Probes to run, comma-separated or repeated (default: the agent's set; a wrong name "
          "lists the valid ones)");
      command->add_option("--jobs,-j", flags->jobs, "Kernels booted in parallel")
          ->check(vdsoconf::cli::WholeNumber(1, 64));
      command->add_option("--out", flags->out, "Output directory (results.json, console logs)")
          ->capture_default_str();
      command->add_option("--arch", flags->arch,
                          "Target architecture (default " +
                              std::string(vdsoconf::targets::DefaultTarget().Name()) + ")");
      auto* trivial_init =
          command->add_flag("--trivial-init", flags->trivial_init,
                            "Baseline: boot with a /init that only powers off; no checks");
      command
          ->add_option("--init", flags->init,
                       "Run this static program as /init instead of the agent")
          ->check(CLI::ExistingFile)
          ->excludes(trivial_init)
          ->excludes(suite);
      trivial_init->excludes(suite);
      command->add_option("--append", flags->append, "Extra kernel command line");
      command->add_option("--boot-timeout", flags->boot_timeout_s, "Seconds until /init must run")
          ->check(vdsoconf::cli::PositiveSeconds())
          ->capture_default_str();
      command->add_option("--timeout", flags->timeout_s, "Seconds a whole boot may take")
          ->check(vdsoconf::cli::PositiveSeconds())
          ->capture_default_str();
      command
          ->add_option("--probe-timeout", flags->probe_timeout_s, "The agent's per-probe watchdog")
          ->check(vdsoconf::cli::PositiveSeconds())
          ->capture_default_str();
      command->add_option("--report", flags->report,
                          "Also write these report formats into --out: json, junit, ktap, md, "
                          "html, kcidb (comma-separated)");
      vdsoconf::cli::SetExamples(
          *command,
          {"vdsoconf run --kernel debian:latest --out out",
           "vdsoconf run --kernel source:6.12 --kernel source:7.2 --jobs 2 --report html,junit",
           "vdsoconf run --kernel debian:latest --suite vdso.diff,vvar.dump",
           "vdsoconf run --kernel /path/to/Image --trivial-init"});
      command->callback([flags] { Run(*flags); });
    }};

}  // namespace
