// CheckImage: facts, states, one executor, every registered check, one results target.
#include "vdsoconf/riscv/check/image_checker.h"

#include <chrono>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/interrupt.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/build_facts.h"
#include "vdsoconf/riscv/check/image_check.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check {
namespace {

bool Selected(const ImageCheck& check, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& part : only) {
    if (check.name.find(part) != std::string::npos) return true;
  }
  return false;
}

// The bare loop of __vdso_clock_gettime(CLOCK_MONOTONIC) on the representative state, with
// cycle_last stamped by the executor so that the real counter gives small deltas.
std::optional<BareLoopResult> MeasureBareLoop(const CheckContext& context,
                                              std::uint64_t iterations) {
  const auto entry = context.Entry("__vdso_clock_gettime");
  if (!entry) return std::nullopt;
  const ref::LayoutField* cycle_last = nullptr;
  for (const ref::LayoutField& field : context.layout.fields) {
    if (field.page == 0 && field.name.ends_with("cycle_last") &&
        field.name.find("aux") == std::string::npos) {
      if (cycle_last == nullptr || field.offset < cycle_last->offset) cycle_last = &field;
    }
  }
  if (cycle_last == nullptr) return std::nullopt;
  CallRequest set_baseline;
  set_baseline.entry_offset = *entry;
  set_baseline.args = {Arg::Value(1), Arg::OutputBuffer(16)};
  set_baseline.vvar_full = context.states.Representative().bytes;
  context.executor.Run(set_baseline);
  const std::uint32_t offsets[] = {cycle_last->offset};
  return context.executor.BareLoop(*entry, 1, iterations, offsets);
}

}  // namespace

double ImageCheckRun::RatioToBareLoop() const {
  if (!bare_loop || bare_loop->bare_ns_per_call <= 0 || check_seconds <= 0) return 0;
  const double bare_calls_per_second = 1e9 / bare_loop->bare_ns_per_call;
  return CallsPerSecond() / bare_calls_per_second;
}

double ImageCheckRun::ChecksRatioToBareLoop() const {
  if (!bare_loop || bare_loop->bare_ns_per_call <= 0 || check_seconds <= 0) return 0;
  return ComparisonsPerSecond() * bare_loop->bare_ns_per_call / 1e9;
}

std::string ImageName(const VdsoImage& image, std::size_t index) {
  return "vdso-" + std::to_string(index) + (image.cfi.IsCfiBuild() ? "-cfi" : "");
}

ImageCheckRun CheckImage(const VdsoImage& image, const std::string& spec,
                         const ImageCheckOptions& options) {
  ImageCheckRun run;
  reports::KernelRun& target = run.target;
  target.spec = spec;
  target.origin = "user";
  target.architecture = "riscv";
  target.machine = "qemu-riscv64 (user mode)";
  reports::ImageRunRecord& image_run = target.image_run.emplace();
  target.image_sha256 = image.sha256;
  target.version = image.linux_version_code
                       ? std::to_string(*image.linux_version_code >> 16) + "." +
                             std::to_string((*image.linux_version_code >> 8) & 0xff) + "." +
                             std::to_string(*image.linux_version_code & 0xff)
                       : "";
  target.metadata = {{"image_bytes", image.bytes.size()},
                     {"source_offset", image.source_offset},
                     {"cfi_build", image.cfi.IsCfiBuild()}};
  try {
    BuildFacts facts = FactsFromImage(image);
    target.generation = ref::GenerationName(facts.layout.generation);
    const ref::Layout& layout = *ref::FindLayout(facts.layout).value();
    const std::uint32_t vvar_pages = layout.page_count;
    VdsoExecutor executor(image, vvar_pages, options.executor);
    ProbeAuxClocks(executor, image, facts);
    const StateSet states = GenerateStates(facts.policy);
    target.metadata["build_facts"] = facts.reasons;
    target.metadata["states"] = states.states.size();
    // No kernel boots here: the image runs under qemu-riscv64's user mode. An executor that
    // cannot start is an infra_error below.
    image_run.status = "ran";

    const CheckContext context{spec, image, facts, layout, vvar_pages, executor, states};
    const auto start = std::chrono::steady_clock::now();
    for (const ImageCheck& check : RegisteredChecks()) {
      if (!Selected(check, options.only)) continue;
      if (Interrupted()) break;  // the command records the run as incomplete
      CheckOutcome outcome = RunCheck(check, context);
      run.comparisons += outcome.comparisons;
      run.calls += outcome.calls;
      target.checks.push_back(std::move(outcome.result));
    }
    run.check_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.measure_bare_loop && !Interrupted()) {
      run.bare_loop = MeasureBareLoop(context, options.bare_loop_iterations);
    }
    target.metadata["executor_restarts"] = executor.restarts();
  } catch (const InfraError& error) {
    target.infra_error = error.what();
    image_run.status = "not-run";
    image_run.message = error.what();
  }
  image_run.wall_ms = run.check_seconds * 1000.0;
  target.metadata["comparisons"] = run.comparisons;
  target.metadata["calls"] = run.calls;
  target.metadata["check_seconds"] = run.check_seconds;
  target.metadata["comparisons_per_second"] = run.ComparisonsPerSecond();
  if (run.bare_loop) {
    target.metadata["bare_loop_ns_per_call"] = run.bare_loop->bare_ns_per_call;
    target.metadata["ratio_to_bare_loop"] = run.RatioToBareLoop();
    target.metadata["checks_ratio_to_bare_loop"] = run.ChecksRatioToBareLoop();
  }
  return run;
}

}  // namespace vdsoconf::riscv::check
