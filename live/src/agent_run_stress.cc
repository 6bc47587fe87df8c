// The stress, overflow and time-namespace groups of EvaluateAgentRun (agent_run_groups.h).
#include <optional>
#include <string>

#include "vdsoconf/live/agent_run_groups.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/stress_overflow_checks.h"
#include "vdsoconf/live/stress_seqlock_checks.h"
#include "vdsoconf/live/stress_timens_checks.h"
#include "vdsoconf/live/vvar_observation.h"

namespace vdsoconf::live {
namespace {

// The first quiet snapshot of vvar.dump (raw bytes and decoded), and the timebase, for the
// overflow checks; an error message when there is none.
struct DumpTruth {
  std::vector<std::uint8_t> bytes;
  ref::DecodedVvar decoded;
  std::uint64_t timebase_hz = 0;
  std::string error;
};

DumpTruth ReadDumpTruth(const AgentRun& run, ref::Generation generation, const ArchTruths& arch) {
  DumpTruth truth;
  const ProbeDocument* probe = run.Probe("vvar.dump");
  if (probe == nullptr || probe->status != "ok") {
    truth.error = "vvar.dump did not finish";
    return truth;
  }
  try {
    const VvarDump dump = ParseVvarDump(probe->data);
    const std::vector<ref::DecodedVvar> decoded =
        DecodeSnapshots(dump, {generation, arch.overflow_protect});
    for (std::size_t i = 0; i < dump.snapshots.size() && i < decoded.size(); ++i) {
      if (!dump.snapshots[i].Quiet()) continue;
      truth.bytes = dump.snapshots[i].bytes;
      truth.decoded = decoded[i];
      truth.timebase_hz = dump.timebase_frequency.value_or(0);
      return truth;
    }
    truth.error = "vvar.dump has no quiet snapshot";
  } catch (const ProbeDataError& error) {
    truth.error = std::string("vvar.dump data: ") + error.what();
  }
  return truth;
}

}  // namespace

const std::vector<std::string>& StressCheckIds() {
  static const std::vector<std::string> ids = {
      "stress.seqlock.writer", "stress.seqlock.monotonic", "stress.seqlock.snapshots",
      "overflow.max_cycles",   "overflow.update_gap",      "timens.offsets_applied",
      "timens.setns_restores"};
  return ids;
}

void AppendStressChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation) {
  const std::optional<ref::Generation> generation =
      arch.generation_for_release(run.KernelRelease());
  if (!generation) {
    for (const std::string& id : StressCheckIds()) {
      evaluation.checks.push_back(
          Error(id, "no layout generation for kernel release '" + run.KernelRelease() + "'"));
    }
    return;
  }
  const ref::LayoutVariant variant{*generation, arch.overflow_protect};
  const ProbeDocument* stress = run.Probe("stress.seqlock_long");
  if (stress == nullptr) stress = run.Probe("stress.seqlock");
  evaluation.checks.push_back(CheckSeqlockWriter(stress));
  evaluation.checks.push_back(CheckSeqlockMonotonic(stress));
  evaluation.checks.push_back(CheckSeqlockSnapshots(stress, variant, arch.model));

  const DumpTruth truth = ReadDumpTruth(run, *generation, arch);
  if (truth.error.empty()) {
    evaluation.checks.push_back(CheckMaxCycles(truth.bytes, *generation, arch.overflow_protect));
    if (truth.timebase_hz == 0) {
      evaluation.checks.push_back(
          Error("overflow.update_gap", std::string(arch.missing_counter_frequency)));
    } else {
      evaluation.checks.push_back(CheckUpdateGap(run.Probe("vvar.update_gaps"),
                                                 truth.decoded.state.time, truth.timebase_hz));
    }
  } else if (run.Probe("vvar.dump") == nullptr) {
    // Named as a missing result, so that a run that did not select vvar.dump skips them.
    for (const char* id : {"overflow.max_cycles", "overflow.update_gap"}) {
      evaluation.checks.push_back(ProbeDidNotFinish(id, nullptr, "vvar.dump"));
    }
  } else {
    evaluation.checks.push_back(Error("overflow.max_cycles", truth.error));
    evaluation.checks.push_back(Error("overflow.update_gap", truth.error));
  }
  const ProbeDocument* timens = run.Probe("timens.clocks");
  evaluation.checks.push_back(CheckTimensOffsetsApplied(timens));
  evaluation.checks.push_back(CheckTimensSetnsRestores(timens, variant));
}

}  // namespace vdsoconf::live
