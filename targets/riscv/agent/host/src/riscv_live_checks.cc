#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/timens_checks.h"
#include "vdsoconf/live/vdso_checks.h"
#include "vdsoconf/live/vvar_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_mremap_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_stress_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_diff_checks.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::targets::riscv {
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

double NsPerTick(std::uint32_t mult, std::uint32_t shift) {
  return static_cast<double>(mult) / static_cast<double>(std::uint64_t{1} << std::min(shift, 63u));
}

void AppendVvarChecks(const live::AgentRun& run, LiveEvaluation& evaluation) {
  const live::ProbeDocument* probe = run.Probe("vvar.dump");
  if (probe == nullptr || probe->status != "ok") {
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(live::ProbeDidNotFinish(id, probe, "vvar.dump"));
    }
    return;
  }
  live::VvarDump dump;
  try {
    dump = live::ParseVvarDump(probe->data);
  } catch (const live::ProbeDataError& error) {
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(live::Error(id, std::string("vvar.dump data: ") + error.what()));
    }
    return;
  }
  const std::string release = dump.release.empty() ? run.KernelRelease() : dump.release;
  evaluation.checks.push_back(CheckVvarGeneration(release, dump.page_count));
  const std::optional<ref::Generation> generation = GenerationForRelease(release);
  std::vector<ref::DecodedVvar> decoded;
  std::string decode_error;
  if (!generation) {
    decode_error = "no layout generation for kernel release '" + release + "'";
  } else {
    evaluation.generation = std::string(ref::GenerationName(*generation));
    try {
      // RISC-V kernels never select GENERIC_VDSO_OVERFLOW_PROTECT (only x86 does).
      decoded = live::DecodeSnapshots(dump, {*generation, false});
    } catch (const live::ProbeDataError& error) {
      decode_error = error.what();
    }
  }
  if (!decode_error.empty()) {
    for (std::size_t i = 1; i < VvarDumpCheckIds().size(); ++i) {
      const std::string& id = VvarDumpCheckIds()[i];
      evaluation.checks.push_back(id == "vvar.seq_even" ? live::CheckSeqEven(dump)
                                                        : live::Error(id, decode_error));
    }
    return;
  }
  evaluation.checks.push_back(live::CheckVvarPlausible(decoded));
  evaluation.checks.push_back(live::CheckSeqEven(dump));
  evaluation.checks.push_back(CheckClockMode(dump, decoded));
  evaluation.checks.push_back(CheckMultShiftVsTimebase(dump, decoded));
  evaluation.checks.push_back(live::CheckCycleLastNotAhead(dump, decoded));
  evaluation.checks.push_back(live::CheckHrtimerRes(dump, decoded));
  for (reports::CheckResult& result : live::CheckBasetimes(dump, decoded)) {
    evaluation.checks.push_back(std::move(result));
  }
}

}  // namespace

reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages) {
  const std::string id = "vvar.generation";
  const std::optional<ref::Generation> generation = GenerationForRelease(release);
  nlohmann::json evidence = {{"release", release}, {"vvar_pages", vvar_pages}};
  if (!generation) {
    return live::Fail(
        id, "no known vvar layout generation for kernel release '" + release + "'", evidence,
        {{"probe", "vvar.dump"}, {"inputs", evidence}, {"expected", "release 5.10 or later"}});
  }
  const std::uint32_t expected_pages = VvarPageCount(*generation);
  evidence["generation"] = ref::GenerationName(*generation);
  evidence["expected_vvar_pages"] = expected_pages;
  if (vvar_pages == expected_pages) {
    return live::Pass(id,
                      "generation " + std::string(ref::GenerationName(*generation)) + " with " +
                          std::to_string(vvar_pages) + " vvar pages",
                      evidence);
  }
  return live::Fail(id,
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

reports::CheckResult CheckMultShiftVsTimebase(const live::VvarDump& dump,
                                              const std::vector<ref::DecodedVvar>& decoded) {
  const std::string id = "vvar.mult_shift_vs_timebase";
  if (decoded.empty()) return live::Error(id, "no decoded snapshot");
  if (!dump.timebase_frequency) {
    return live::Error(id, "the device tree has no cpus/timebase-frequency");
  }
  const std::uint64_t timebase = *dump.timebase_frequency;
  const MultShift expected = RiscvClocksourceMultShift(timebase);
  const ref::VdsoClock& raw = decoded.front().state.time.clock[ref::kCsRaw];
  const ref::VdsoClock& mono = decoded.front().state.time.clock[ref::kCsHresCoarse];
  const std::uint32_t maxadj = ClocksourceMaxAdjustment(expected.mult);
  const std::int64_t mono_offset = static_cast<std::int64_t>(mono.mult) - expected.mult;
  nlohmann::json evidence = {
      {"timebase_frequency", timebase},
      {"hwprobe_time_csr_freq",
       dump.hwprobe_time_csr_freq ? nlohmann::json(*dump.hwprobe_time_csr_freq) : nullptr},
      {"expected", {{"mult", expected.mult}, {"shift", expected.shift}, {"maxadj", maxadj}}},
      {"raw",
       {{"mult", raw.mult}, {"shift", raw.shift}, {"ns_per_tick", NsPerTick(raw.mult, raw.shift)}}},
      {"hres",
       {{"mult", mono.mult},
        {"shift", mono.shift},
        {"ns_per_tick", NsPerTick(mono.mult, mono.shift)},
        {"mult_offset", mono_offset}}},
      {"ns_per_tick_from_timebase", timebase ? 1e9 / static_cast<double>(timebase) : 0.0}};
  std::string problem;
  if (expected.mult == 0) {
    problem = "timebase-frequency " + std::to_string(timebase) + " is not a valid clocksource rate";
  } else if (raw.mult != expected.mult || raw.shift != expected.shift) {
    problem = "raw clock mult/shift " + std::to_string(raw.mult) + "/" + std::to_string(raw.shift) +
              " differ from clocks_calc_mult_shift(" + std::to_string(timebase) +
              " Hz) = " + std::to_string(expected.mult) + "/" + std::to_string(expected.shift);
  } else if (mono.shift != expected.shift) {
    problem = "high-resolution shift " + std::to_string(mono.shift) + " differs from " +
              std::to_string(expected.shift);
  } else if (mono_offset > maxadj || -mono_offset > maxadj) {
    problem = "high-resolution mult " + std::to_string(mono.mult) + " is " +
              std::to_string(mono_offset) + " from " + std::to_string(expected.mult) +
              ", beyond the kernel's maxadj " + std::to_string(maxadj);
  }
  if (problem.empty()) {
    return live::Pass(id, "mult/shift match timebase-frequency " + std::to_string(timebase) + " Hz",
                      evidence);
  }
  return live::Fail(id, problem, evidence,
                    {{"probe", "vvar.dump"},
                     {"inputs", {{"timebase_frequency", timebase}}},
                     {"expected", evidence["expected"]},
                     {"observed", {{"raw", evidence["raw"]}, {"hres", evidence["hres"]}}}});
}

reports::CheckResult CheckClockMode(const live::VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded) {
  const std::string id = "vvar.clock_mode";
  if (decoded.empty()) return live::Error(id, "no decoded snapshot");
  if (!dump.current_clocksource) {
    return live::Error(id, "the current clocksource's name could not be read from sysfs");
  }
  const std::int32_t expected = ExpectedClockMode(*dump.current_clocksource);
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
    return live::Pass(
        id,
        "clock_mode " + std::to_string(expected) + " as " + *dump.current_clocksource + " implies",
        evidence);
  }
  return live::Fail(id,
                    "clock_mode differs from " + std::to_string(expected) + " expected for " +
                        *dump.current_clocksource,
                    evidence,
                    {{"probe", "vvar.dump"},
                     {"inputs", {{"current_clocksource", *dump.current_clocksource}}},
                     {"expected", expected},
                     {"observed", observed}});
}

LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents) {
  LiveEvaluation evaluation;
  std::optional<live::AgentRun> run;
  try {
    run.emplace(documents);
  } catch (const live::ProbeDataError& error) {
    for (const std::string& id : {std::string("vvar.located"), std::string("vdso.symbols")}) {
      evaluation.checks.push_back(live::Error(id, error.what()));
    }
    for (const std::string& id : VvarDumpCheckIds()) {
      evaluation.checks.push_back(live::Error(id, error.what()));
    }
    evaluation.checks.push_back(live::Error("vvar.timens", error.what()));
    for (const std::string& id : StressCheckIds()) {
      evaluation.checks.push_back(live::Error(id, error.what()));
    }
    AppendMremapErrors(error.what(), evaluation);
    AppendDiffErrors(error.what(), evaluation);
    return evaluation;
  }
  const std::optional<ref::Generation> generation = GenerationForRelease(run->KernelRelease());
  evaluation.checks.push_back(live::CheckVvarLocated(run->Probe("vdso.locate"), {true, 0}));
  if (generation) {
    const std::vector<live::ExpectedSymbol> expected = ExpectedVdsoSymbols(*generation);
    evaluation.checks.push_back(live::CheckVdsoSymbols(run->Probe("vdso.symbols"), expected));
  } else {
    evaluation.checks.push_back(live::Error(
        "vdso.symbols", "no layout generation for kernel release '" + run->KernelRelease() + "'"));
  }
  AppendVvarChecks(*run, evaluation);
  if (generation) {
    // RISC-V kernels never select GENERIC_VDSO_OVERFLOW_PROTECT (only x86 does).
    evaluation.checks.push_back(
        live::CheckVvarTimens(run->Probe("vvar.timens"), {*generation, false}));
  } else {
    evaluation.checks.push_back(live::Error(
        "vvar.timens", "no layout generation for kernel release '" + run->KernelRelease() + "'"));
  }
  AppendStressChecks(*run, evaluation);
  AppendMremapChecks(*run, evaluation);
  AppendDiffChecks(*run, evaluation);
  return evaluation;
}

}  // namespace vdsoconf::targets::riscv
