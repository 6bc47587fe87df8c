#include "vdsoconf/runner/run_session.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"
#include "vdsoconf/core/version.h"
#include "vdsoconf/reports/verdict.h"
#include "vdsoconf/runner/matrix.h"
#include "vdsoconf/runner/probe_checks.h"
#include "vdsoconf/targets/evaluation.h"

namespace vdsoconf::runner {
namespace {

using std::chrono::milliseconds;

std::string Seconds(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", ms / 1000.0);
  return text;
}

// Serialises progress lines from the matrix's threads.
class Progress {
 public:
  explicit Progress(std::ostream& out) : out_(out) {}
  void Say(const std::string& spec, const std::string& text) {
    std::lock_guard lock(mutex_);
    out_ << "[" << spec << "] " << text << std::endl;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

targets::BootRequest MakeRequest(const RunOptions& options,
                                 const targets::ProvisionedKernel& kernel,
                                 const std::filesystem::path& console_log) {
  targets::BootRequest request;
  request.kernel = kernel;
  request.probes = options.probes;
  request.boot_timeout = options.boot_timeout;
  request.overall_timeout = options.overall_timeout;
  request.probe_timeout = options.probe_timeout;
  request.console_log = console_log;
  request.init_program = options.init_program;
  request.trivial_init = options.trivial_init;
  request.extra_cmdline = options.extra_cmdline;
  return request;
}

void RecordBoot(const targets::BootOutcome& outcome, const std::string& log_name,
                reports::KernelRun& run) {
  run.boot.status = std::string(targets::BootStatusName(outcome.status));
  run.boot.message = outcome.message;
  run.boot.console_log = log_name;
  run.boot.console_excerpt = outcome.console_excerpt;
  run.boot.wall_ms = static_cast<double>(outcome.wall.count());
  run.machine = outcome.machine;
  run.metadata["boot"] = {{"title", outcome.title},
                          {"time_to_init_ms", outcome.time_to_init.count()},
                          {"framing_problems", outcome.framing_problems}};
}

// Whatever stops the agent's report from being whole is an infrastructure failure: the checks
// it would have fed cannot be decided.
std::string AgentProblem(const RunOptions& options, const targets::BootOutcome& outcome) {
  if (!outcome.framing_problems.empty()) {
    const auto& first = outcome.framing_problems.front();
    return std::to_string(outcome.framing_problems.size()) +
           " framed document(s) arrived broken; first: document " + first["id"].dump() + " " +
           first["state"].get<std::string>() + ": " + first["problem"].get<std::string>();
  }
  if (options.trivial_init || !options.init_program.empty()) return "";
  return AgentReportProblem(outcome.agent_results);
}

// "103 pass, 8 fail": pass and fail always, the other statuses when a check has them.
std::string CountsLine(const reports::KernelRun& run) {
  const reports::CheckCounts counts = reports::CountChecks(run);
  std::string line =
      std::to_string(counts.pass) + " pass, " + std::to_string(counts.fail) + " fail";
  const std::pair<int, const char*> others[] = {{counts.hang, "hang"},
                                                {counts.error, "error"},
                                                {counts.skip, "skip"},
                                                {counts.inconclusive, "inconclusive"}};
  for (const auto& [count, name] : others) {
    if (count > 0) line += ", " + std::to_string(count) + " " + name;
  }
  return line;
}

// The infra_error of a kernel that did not finish because vdsoconf was interrupted.
std::string InterruptedReason() {
  return std::string("interrupted by ") + InterruptSignalName(InterruptSignal());
}

// Boots `request` and records the boot in `run`. A boot that never reaches /init says nothing
// about the vDSO, and under TCG on a loaded host it has happened once in hundreds of boots of a
// kernel that boots every other time (no console output after OpenSBI). It is booted once more;
// the first attempt stays on record (its console log kept aside, named in boot.message and
// metadata.boot.earlier_attempts) and a second hang is the verdict.
targets::BootOutcome BootRetryingAHangBeforeInit(targets::Target& target,
                                                 const targets::BootRequest& request,
                                                 const RunOptions& options, const std::string& spec,
                                                 const std::string& log_name, Progress& progress,
                                                 reports::KernelRun& run) {
  targets::BootOutcome outcome = target.Boot(request);
  if (outcome.status != targets::BootStatus::kBootTimeout || Interrupted()) {
    RecordBoot(outcome, log_name, run);
    return outcome;
  }
  const std::string kept = log_name + ".attempt-1";
  std::error_code ec;
  std::filesystem::rename(options.out_dir / log_name, options.out_dir / kept, ec);
  const std::string first_log = ec ? log_name : kept;
  const nlohmann::json first = {{"status", std::string(targets::BootStatusName(outcome.status))},
                                {"message", outcome.message},
                                {"console_log", first_log}};
  progress.Say(spec,
               "boot attempt 1 never reached /init (" + outcome.message + "); booting once more");
  outcome = target.Boot(request);
  RecordBoot(outcome, log_name, run);
  run.metadata["boot"]["earlier_attempts"] = nlohmann::json::array({first});
  const std::string note =
      "boot attempt 1 never reached /init (console: " + first_log + "); this is attempt 2";
  run.boot.message = run.boot.message.empty() ? note : run.boot.message + "; " + note;
  return outcome;
}

reports::KernelRun RunKernel(targets::Target& target, const RunOptions& options,
                             const std::string& spec, const std::string& log_name,
                             Progress& progress) {
  reports::KernelRun run;
  run.spec = spec;
  try {
    if (Interrupted()) throw InfraError(InterruptedReason());
    progress.Say(spec, "provisioning");
    targets::ProvisionedKernel kernel = target.Provision(spec);
    run.version = kernel.version;
    run.origin = kernel.origin;
    run.architecture = kernel.architecture;
    run.image_sha256 = kernel.image_sha256;
    run.metadata = kernel.metadata.is_object() ? kernel.metadata : nlohmann::json::object();
    run.metadata["image"] = kernel.image.string();
    progress.Say(spec, "booting " + kernel.version +
                           " (console: " + (options.out_dir / log_name).string() + ")");
    targets::BootRequest request = MakeRequest(options, kernel, options.out_dir / log_name);
    request.on_heartbeat = [&](std::string_view beat) { progress.Say(spec, std::string(beat)); };
    targets::BootOutcome outcome =
        BootRetryingAHangBeforeInit(target, request, options, spec, log_name, progress, run);
    if (Interrupted()) {
      // Whatever the boot looks like, it was cut short: its checks would be noise.
      run.infra_error = InterruptedReason();
      run.boot.message = InterruptedReason() + " (was: " + run.boot.message + ")";
    } else if (outcome.status != targets::BootStatus::kCompleted) {
      run.infra_error = outcome.message;
    } else {
      if (!options.trivial_init && options.init_program.empty()) {
        targets::Evaluation evaluation = target.Evaluate(kernel, outcome.agent_results);
        run.generation = evaluation.generation;
        run.checks = std::move(evaluation.checks);
      }
      // Whether each probe itself ran (a hung probe is its own kHang), also for probes the
      // architecture's checks do not cover (self-tests, test inits).
      if (!options.trivial_init) {
        for (auto& check : ProbeRunChecks(outcome.agent_results)) run.checks.push_back(check);
      }
      run.infra_error = AgentProblem(options, outcome);
    }
  } catch (const std::exception& error) {
    // InfraError from provisioning or QEMU; anything else is reported the same way rather than
    // taking the other kernels of the matrix down.
    run.infra_error = Interrupted() ? InterruptedReason() : error.what();
  }
  if (Interrupted() && !run.infra_error.empty()) {
    progress.Say(spec, "stopped: " + run.infra_error);
  } else if (!run.infra_error.empty()) {
    progress.Say(spec, "FAILED (" + run.boot.status + "): " + run.infra_error);
  } else {
    progress.Say(spec,
                 run.boot.status + " in " + Seconds(run.boot.wall_ms) + ": " + CountsLine(run));
  }
  return run;
}

}  // namespace

std::string ConsoleLogName(const std::string& spec, std::size_t index, bool prefix_index) {
  std::string name = prefix_index ? std::to_string(index + 1) + "-" : "";
  for (char c : spec) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-';
    name += keep ? c : '_';
  }
  return name + ".console.log";
}

reports::ResultsDocument RunSession(targets::Target& target, const RunOptions& options,
                                    std::ostream& progress_stream) {
  std::vector<std::string> specs = options.kernel_specs;
  if (specs.empty()) specs.push_back("debian:latest");
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error) {
    throw InfraError("cannot create the output directory " + options.out_dir.string() + ": " +
                     error.message());
  }
  bool repeated = std::set<std::string>(specs.begin(), specs.end()).size() != specs.size();
  reports::ResultsDocument document;
  document.vdsoconf_version = std::string(kVersion);
  document.created = reports::NowRfc3339();
  document.command = options.command_line;
  document.kernels.resize(specs.size());
  Progress progress(progress_stream);
  RunMatrix(specs.size(), options.jobs, [&](std::size_t i) {
    document.kernels[i] =
        RunKernel(target, options, specs[i], ConsoleLogName(specs[i], i, repeated), progress);
  });
  return document;
}

std::string SummaryTable(const reports::ResultsDocument& document) {
  std::size_t width = 6;
  for (const auto& run : document.kernels) width = std::max(width, run.spec.size());
  std::ostringstream out;
  char line[1024];
  auto row = [&](const std::string& spec, const std::string& version, const std::string& boot,
                 const std::string& counts, const std::string& wall) {
    std::snprintf(line, sizeof line, "%-*s  %-24s %-13s %-29s %8s\n", static_cast<int>(width),
                  spec.c_str(), version.c_str(), boot.c_str(), counts.c_str(), wall.c_str());
    out << line;
  };
  row("kernel", "version", "boot", "checks", "wall");
  for (const auto& run : document.kernels) {
    row(run.spec, run.version.empty() ? "-" : run.version, run.boot.status, CountsLine(run),
        Seconds(run.boot.wall_ms));
    if (!run.infra_error.empty()) out << "  infrastructure: " << run.infra_error << "\n";
  }
  reports::Summary total = document.Summarize();
  out << "total: " << total.kernels << " kernel(s), " << total.checks << " checks: " << total.pass
      << " pass, " << total.fail << " fail, " << total.hang << " hang, " << total.error
      << " error, " << total.skip << " skip, " << total.inconclusive << " inconclusive; "
      << total.infra_failures << " infrastructure failure(s)\n";
  return out.str();
}

}  // namespace vdsoconf::runner
