#include "vdsoconf/targets/riscv/riscv64_target.h"

#include <unistd.h>

#include <cstdlib>

#include "vdsoconf/btf/btf_layout_check.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/kernel_store_job.h"
#include "vdsoconf/kernels/provision.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/unselected_probes.h"
#include "vdsoconf/riscv/check/image_checker_job.h"
#include "vdsoconf/riscv/executor/image_executor_job.h"
#include "vdsoconf/riscv/image/image_extractor_job.h"
#include "vdsoconf/riscv/kernels/kernel_file_check.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"
#include "vdsoconf/riscv/mutants/mutant_catalog_job.h"
#include "vdsoconf/runner/console_classifier.h"
#include "vdsoconf/runner/framing.h"
#include "vdsoconf/targets/evaluation.h"
#include "vdsoconf/targets/riscv/agent_path.h"
#include "vdsoconf/targets/riscv/initramfs.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"
#include "vdsoconf/targets/riscv/machine.h"
#include "vdsoconf/agent/probe_catalog.h"
#include "vdsoconf/targets/riscv/qemu_run.h"
#include "vdsoconf/targets/riscv/trivial_init_path.h"

namespace vdsoconf::targets::riscv {
namespace {

std::string Seconds(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return text;
}

// Packs the initramfs next to the console log (it is small and shows what was booted), unless
// the request brings its own.
std::filesystem::path PrepareInitramfs(const BootRequest& request) {
  if (!request.initramfs.empty()) return request.initramfs;
  std::filesystem::path init = request.trivial_init           ? TrivialInit()
                               : request.init_program.empty() ? AgentBinary()
                                                              : request.init_program;
  std::filesystem::path output = request.console_log;
  output.replace_extension(".initramfs.cpio.gz");
  WriteInitramfs(init, output);
  return output;
}

void RecordFraming(const runner::DecodedConsole& decoded, BootOutcome& outcome) {
  outcome.agent_results = decoded.ValidBodies();
  for (const auto& doc : decoded.documents) {
    if (doc.state == runner::DocumentState::kValid) continue;
    outcome.framing_problems.push_back({{"id", doc.id},
                                        {"state", runner::DocumentStateName(doc.state)},
                                        {"problem", doc.problem}});
  }
}

// Which stream carried the agent's documents, when there were any: the serial console is several
// times slower, so a run on a kernel without the virtio console says so.
std::string DocumentRoute(const QemuRun& run) {
  auto has_documents = [](std::string_view text) {
    return text.find(std::string(runner::kFrameMarker) + "B ") != std::string_view::npos;
  };
  if (has_documents(run.documents)) return "; documents on the virtio console";
  if (has_documents(run.console)) {
    return "; documents on the serial console (no virtio console in this kernel: slower)";
  }
  return "";
}

class Riscv64Target final : public Target {
 public:
  std::string_view Name() const override { return "riscv64"; }
  std::string_view Title() const override { return "RISC-V"; }

  std::vector<std::string> ProbeNames() const override {
    std::vector<std::string> names;
    for (const agent::ProbeListing& probe : agent::kProbeCatalog) names.emplace_back(probe.name);
    return names;
  }

  std::string WhyNotKernelSpec(const std::string& spec) const override {
    return vdsoconf::kernels::WhyNotKernelSpec(vdsoconf::riscv::kernels::Riscv64Kernels(), spec);
  }

  // The same provisioning as Kernels().Provision, plus the boot check (kernel_file_check.h).
  ProvisionedKernel Provision(const std::string& spec) override {
    return vdsoconf::kernels::ProvisionBootableKernel(vdsoconf::riscv::kernels::Riscv64Kernels(),
                                                      spec);
  }

  BootOutcome Boot(const BootRequest& request) override {
    if (request.console_log.empty()) throw InfraError("Boot: no console log path given");
    BootOutcome outcome;
    if (std::string why = vdsoconf::riscv::kernels::WhyNotRiscvKernel(request.kernel.image);
        !why.empty()) {
      outcome.status = BootStatus::kQemuError;
      outcome.title = "not a kernel";
      outcome.message = why;
      return outcome;
    }
    QemuMachine machine = BuiltinMachine();
    outcome.machine = machine.qemu + " -M " + machine.name;
    QemuRunRequest run_request{machine,
                               request.kernel.image,
                               PrepareInitramfs(request),
                               KernelCommandLine(machine.cmdline, request),
                               request.boot_timeout,
                               request.overall_timeout,
                               request.console_log,
                               request.on_heartbeat};
    QemuRun run = RunQemu(run_request);
    runner::ConsoleVerdict verdict = runner::ClassifyConsole(run.console, run.end);
    outcome.status = verdict.status;
    outcome.title = verdict.title;
    outcome.console_excerpt = verdict.excerpt;
    outcome.wall = run.wall;
    outcome.time_to_init = run.time_to_init;
    // Frames on either stream count: a kernel without the virtio console sends them all on the
    // serial console.
    RecordFraming(runner::DecodeConsole(run.console + "\n" + run.documents), outcome);
    outcome.message = Message(verdict, run, request);
    return outcome;
  }

  Evaluation Evaluate(const ProvisionedKernel& kernel,
                      const nlohmann::json& agent_results) override {
    Evaluation evaluation;
    LiveEvaluation live = EvaluateAgentRun(agent_results);
    evaluation.generation = live.generation;
    evaluation.checks = std::move(live.checks);
    evaluation.checks.push_back(CheckBtf(kernel, agent_results));
    try {
      live::SkipChecksOfUnselectedProbes(live::AgentRun(agent_results), evaluation.checks);
    } catch (const live::ProbeDataError&) {
      // Documents too broken to tell what was selected: the checks' own errors say so.
    }
    return evaluation;
  }

  KernelStore& Kernels() override { return *kernels_; }
  ImageExtractor& Images() override { return *images_; }
  ImageExecutor& Executor() override { return *executor_; }
  ImageChecker& ImageChecks() override { return *image_checks_; }
  MutantCatalog& Mutants() override { return *mutants_; }

 private:
  // The jobs, each in the component that owns it (targets/riscv/<component>/).
  const std::unique_ptr<KernelStore> kernels_ =
      vdsoconf::kernels::MakeKernelStore(vdsoconf::riscv::kernels::Riscv64Kernels());
  const std::unique_ptr<ImageExtractor> images_ = vdsoconf::riscv::MakeImageExtractor();
  const std::unique_ptr<ImageExecutor> executor_ = vdsoconf::riscv::MakeImageExecutor();
  const std::unique_ptr<ImageChecker> image_checks_ = vdsoconf::riscv::check::MakeImageChecker();
  const std::unique_ptr<MutantCatalog> mutants_ = vdsoconf::riscv::mutants::MakeMutantCatalog();

  // layout.btf: the blob is looked for in the booted Image, then in the cache entry's vmlinux.
  // RISC-V kernels never select GENERIC_VDSO_OVERFLOW_PROTECT (only x86 does).
  static reports::CheckResult CheckBtf(const ProvisionedKernel& kernel,
                                       const nlohmann::json& agent_results) {
    try {
      const live::AgentRun run(agent_results);
      std::optional<ref::LayoutVariant> variant;
      if (auto generation = GenerationForRelease(run.KernelRelease())) {
        variant = ref::LayoutVariant{*generation, false};
      }
      std::vector<std::filesystem::path> files{kernel.image};
      if (!kernel.entry_dir.empty()) files.push_back(kernel.entry_dir / "vmlinux");
      return btf::CheckLayoutAgainstBtf(run.Probe(btf::kBtfProbeName), files, variant);
    } catch (const live::ProbeDataError& error) {
      return live::Error(btf::kBtfCheckId, error.what());
    }
  }

  static std::string Message(const runner::ConsoleVerdict& verdict, const QemuRun& run,
                             const BootRequest& request) {
    std::string where = " (console: " + request.console_log.string() + ")";
    switch (verdict.status) {
      case BootStatus::kCompleted:
        return "booted and powered off in " + Seconds(run.wall) + ", /init after " +
               Seconds(run.time_to_init) + DocumentRoute(run);
      case BootStatus::kBootTimeout:
        return verdict.title + " within " + Seconds(request.boot_timeout) + where;
      case BootStatus::kRunTimeout:
        return verdict.title + " (" + Seconds(request.overall_timeout) + ")" + where;
      case BootStatus::kQemuError:
        return verdict.title + ": QEMU " + run.qemu_status + where;
      default:
        return "kernel " + verdict.title + where;
    }
  }
};

}  // namespace

std::filesystem::path TrivialInit() {
  std::filesystem::path init = kTrivialInitPath;
  if (init.empty() || !std::filesystem::is_regular_file(init)) {
    throw InfraError("the riscv64 baseline /init is not built (looked for '" + init.string() +
                     "'): build the vdsoconf_trivial_init target");
  }
  return init;
}

std::filesystem::path AgentBinary() {
  std::filesystem::path agent;
  if (const char* env = std::getenv("VDSOCONF_AGENT"); env != nullptr && *env != '\0') {
    agent = env;
  } else {
    agent = kAgentBinaryPath;
  }
  if (agent.empty() || !std::filesystem::is_regular_file(agent)) {
    throw InfraError("the riscv64 guest agent is not built" +
                     (agent.empty() ? std::string() : " (looked for " + agent.string() + ")") +
                     ": build the vdsoconf_agent target, or set VDSOCONF_AGENT to its path");
  }
  return agent;
}

std::string KernelCommandLine(const std::string& base, const BootRequest& request) {
  std::string line = base;
  if (!request.probes.empty()) {
    line += " vdsoconf.probes=";
    for (std::size_t i = 0; i < request.probes.size(); ++i) {
      line += (i ? "," : "") + request.probes[i];
    }
  }
  line += " vdsoconf.probe_timeout_ms=" + std::to_string(request.probe_timeout.count());
  if (!request.extra_cmdline.empty()) line += " " + request.extra_cmdline;
  return line;
}

std::unique_ptr<Target> MakeRiscv64Target() {
  return std::make_unique<Riscv64Target>();
}

}  // namespace vdsoconf::targets::riscv
