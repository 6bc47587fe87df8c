#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

#include <algorithm>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::targets::riscv {
namespace {

double NsPerTick(std::uint32_t mult, std::uint32_t shift) {
  return static_cast<double>(mult) / static_cast<double>(std::uint64_t{1} << std::min(shift, 63u));
}

}  // namespace

const live::ArchTruths& Truths() {
  static const live::ArchTruths truths{
      .generation_for_release = &GenerationForRelease,
      .vvar_page_count = &VvarPageCount,
      .expected_symbols = &ExpectedVdsoSymbols,
      .expected_clock_mode = &ExpectedClockMode,
      .check_mult_shift = &CheckMultShiftVsTimebase,
      .missing_counter_frequency = "the device tree has no cpus/timebase-frequency",
      .overflow_protect = false,
      .smp = true,
      .model = &ref::riscv::Riscv64Model(),
  };
  return truths;
}

LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents) {
  return live::EvaluateAgentRun(documents, Truths());
}

reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages) {
  return live::CheckVvarGeneration(release, vvar_pages, Truths());
}

reports::CheckResult CheckClockMode(const live::VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded) {
  return live::CheckClockMode(dump, decoded, Truths());
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

}  // namespace vdsoconf::targets::riscv
