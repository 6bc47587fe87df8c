#include "vdsoconf/live/agent_run_checks.h"

#include <optional>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/agent_run_groups.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/timens_checks.h"
#include "vdsoconf/live/vdso_checks.h"
#include "vdsoconf/live/vvar_checks.h"

namespace vdsoconf::live {
namespace {

// Check ids that depend on the vvar.dump probe, in report order.
const std::vector<std::string>& VvarDumpCheckIds() {
  static const std::vector<std::string> ids = {"vvar.generation",
                                               "vvar.plausible",
                                               "vvar.seq_even",
                                               "vvar.clock_mode",
                                               "vvar.mult_shift_vs_timebase",
                                               "vvar.cycle_last_not_ahead",
                                               "vvar.hrtimer_res",
                                               "vvar.basetime.realtime",
                                               "vvar.basetime.monotonic",
                                               "vvar.basetime.boottime",
                                               "vvar.basetime.tai",
                                               "vvar.basetime.monotonic_raw",
                                               "vvar.basetime.realtime_coarse",
                                               "vvar.basetime.monotonic_coarse"};
  return ids;
}

void AppendVvarChecks(const AgentRun& run, const ArchTruths& arch, LiveEvaluation& evaluation) {
  const ProbeDocument* probe = run.Probe("vvar.dump");
  if (probe == nullptr || probe->status != "ok") {
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(ProbeDidNotFinish(id, probe, "vvar.dump"));
    }
    return;
  }
  VvarDump dump;
  try {
    dump = ParseVvarDump(probe->data);
  } catch (const ProbeDataError& error) {
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(Error(id, std::string("vvar.dump data: ") + error.what()));
    }
    return;
  }
  const std::string release = dump.release.empty() ? run.KernelRelease() : dump.release;
  evaluation.checks.push_back(CheckVvarGeneration(release, dump.page_count, arch));
  const std::optional<ref::Generation> generation = arch.generation_for_release(release);
  std::vector<ref::DecodedVvar> decoded;
  std::string decode_error;
  if (!generation) {
    decode_error = "no layout generation for kernel release '" + release + "'";
  } else {
    evaluation.generation = std::string(ref::GenerationName(*generation));
    try {
      decoded = DecodeSnapshots(dump, {*generation, arch.overflow_protect});
    } catch (const ProbeDataError& error) {
      decode_error = error.what();
    }
  }
  if (!decode_error.empty()) {
    for (std::size_t i = 1; i < VvarDumpCheckIds().size(); ++i) {
      const std::string& id = VvarDumpCheckIds()[i];
      evaluation.checks.push_back(id == "vvar.seq_even" ? CheckSeqEven(dump)
                                                        : Error(id, decode_error));
    }
    return;
  }
  evaluation.checks.push_back(CheckVvarPlausible(decoded));
  evaluation.checks.push_back(CheckSeqEven(dump));
  evaluation.checks.push_back(CheckClockMode(dump, decoded, arch));
  evaluation.checks.push_back(arch.check_mult_shift(dump, decoded));
  evaluation.checks.push_back(CheckCycleLastNotAhead(dump, decoded));
  evaluation.checks.push_back(CheckHrtimerRes(dump, decoded));
  for (reports::CheckResult& result : CheckBasetimes(dump, decoded)) {
    evaluation.checks.push_back(std::move(result));
  }
}

}  // namespace

reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages,
                                         const ArchTruths& arch) {
  const std::string id = "vvar.generation";
  const std::optional<ref::Generation> generation = arch.generation_for_release(release);
  nlohmann::json evidence = {{"release", release}, {"vvar_pages", vvar_pages}};
  if (!generation) {
    return Fail(
        id, "no known vvar layout generation for kernel release '" + release + "'", evidence,
        {{"probe", "vvar.dump"}, {"inputs", evidence}, {"expected", "release 5.10 or later"}});
  }
  const std::uint32_t expected_pages = arch.vvar_page_count(*generation);
  evidence["generation"] = ref::GenerationName(*generation);
  evidence["expected_vvar_pages"] = expected_pages;
  if (vvar_pages == expected_pages) {
    return Pass(id,
                "generation " + std::string(ref::GenerationName(*generation)) + " with " +
                    std::to_string(vvar_pages) + " vvar pages",
                evidence);
  }
  return Fail(id,
              "release '" + release + "' implies generation " +
                  std::string(ref::GenerationName(*generation)) + " with " +
                  std::to_string(expected_pages) + " vvar pages, the kernel mapped " +
                  std::to_string(vvar_pages),
              evidence,
              {{"probe", "vvar.dump"},
               {"inputs", {{"release", release}}},
               {"expected", expected_pages},
               {"observed", vvar_pages}});
}

reports::CheckResult CheckClockMode(const VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded,
                                    const ArchTruths& arch) {
  const std::string id = "vvar.clock_mode";
  if (decoded.empty()) return Error(id, "no decoded snapshot");
  if (!dump.current_clocksource) {
    return Error(id, "the current clocksource's name could not be read from sysfs");
  }
  const std::int32_t expected = arch.expected_clock_mode(*dump.current_clocksource);
  nlohmann::json observed = nlohmann::json::array();
  bool all_match = true;
  for (const ref::DecodedVvar& snapshot : decoded) {
    const std::int32_t hres = snapshot.state.time.clock[ref::kCsHresCoarse].clock_mode;
    const std::int32_t raw = snapshot.state.time.clock[ref::kCsRaw].clock_mode;
    observed.push_back({{"hres_coarse", hres}, {"raw", raw}});
    all_match = all_match && hres == expected && raw == expected;
  }
  const nlohmann::json evidence = {{"current_clocksource", *dump.current_clocksource},
                                   {"expected_clock_mode", expected},
                                   {"observed", observed}};
  if (all_match) {
    return Pass(
        id,
        "clock_mode " + std::to_string(expected) + " as " + *dump.current_clocksource + " implies",
        evidence);
  }
  return Fail(id,
              "clock_mode differs from " + std::to_string(expected) + " expected for " +
                  *dump.current_clocksource,
              evidence,
              {{"probe", "vvar.dump"},
               {"inputs", {{"current_clocksource", *dump.current_clocksource}}},
               {"expected", expected},
               {"observed", observed}});
}

LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents, const ArchTruths& arch) {
  LiveEvaluation evaluation;
  std::optional<AgentRun> run;
  try {
    run.emplace(documents);
  } catch (const ProbeDataError& error) {
    for (const std::string& id : {std::string("vvar.located"), std::string("vdso.symbols")}) {
      evaluation.checks.push_back(Error(id, error.what()));
    }
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(Error(id, error.what()));
    }
    evaluation.checks.push_back(Error("vvar.timens", error.what()));
    for (const std::string& id : StressCheckIds()) {
      evaluation.checks.push_back(Error(id, error.what()));
    }
    AppendMremapErrors(error.what(), arch, evaluation);
    AppendDiffErrors(error.what(), arch, evaluation);
    return evaluation;
  }
  const std::optional<ref::Generation> generation =
      arch.generation_for_release(run->KernelRelease());
  evaluation.checks.push_back(CheckVvarLocated(run->Probe("vdso.locate"), {true, 0}));
  if (generation) {
    const std::vector<ExpectedSymbol> expected = arch.expected_symbols(*generation);
    evaluation.checks.push_back(CheckVdsoSymbols(run->Probe("vdso.symbols"), expected));
  } else {
    evaluation.checks.push_back(Error(
        "vdso.symbols", "no layout generation for kernel release '" + run->KernelRelease() + "'"));
  }
  AppendVvarChecks(*run, arch, evaluation);
  if (generation) {
    evaluation.checks.push_back(
        CheckVvarTimens(run->Probe("vvar.timens"), {*generation, arch.overflow_protect}));
  } else {
    evaluation.checks.push_back(Error(
        "vvar.timens", "no layout generation for kernel release '" + run->KernelRelease() + "'"));
  }
  AppendStressChecks(*run, arch, evaluation);
  AppendMremapChecks(*run, arch, evaluation);
  AppendDiffChecks(*run, arch, evaluation);
  return evaluation;
}

}  // namespace vdsoconf::live
