// The checks of a live RISC-V kernel: the generic checks of the agent's documents
// (vdsoconf/live/agent_run_checks.h) with RISC-V's truths (riscv_truths.h), and the one check
// that needs RISC-V itself, the vvar's mult/shift against the device tree's timebase-frequency.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vdsoconf/live/agent_run_checks.h"
#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/live/vvar_observation.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"  // Truths().model
#include "vdsoconf/reports/results.h"

namespace vdsoconf::targets::riscv {

using LiveEvaluation = live::LiveEvaluation;

// What the generic checks need to know of RISC-V: GenerationForRelease, VvarPageCount,
// ExpectedVdsoSymbols, ExpectedClockMode (riscv_truths.h), CheckMultShiftVsTimebase; no
// GENERIC_VDSO_OVERFLOW_PROTECT (only x86 selects it); every kernel vdsoconf boots is SMP
// (common.config; Debian's too); the RISC-V reference model (ref::riscv::Riscv64Model) and the
// entry points its agent calls (LiveEntries, riscv_live_entries.h).
const live::ArchTruths& Truths();

// live::EvaluateAgentRun with Truths(): every check of one boot (agent_run_checks.h lists the ids).
LiveEvaluation EvaluateAgentRun(const nlohmann::json& documents);

// live::CheckVvarGeneration and live::CheckClockMode with Truths().
reports::CheckResult CheckVvarGeneration(const std::string& release, std::uint64_t vvar_pages);
reports::CheckResult CheckClockMode(const live::VvarDump& dump,
                                    const std::vector<ref::DecodedVvar>& decoded);

// "vvar.mult_shift_vs_timebase": with the device tree's timebase-frequency as the truth,
//   - the raw clock base (CS_RAW: tk->tkr_raw, never adjusted by NTP) holds exactly
//     RiscvClocksourceMultShift(timebase);
//   - the high-resolution base (CS_HRES_COARSE: tk->tkr_mono) has the same shift and a mult
//     within the clocksource's maxadj (11%) of it, the most the kernel lets NTP steer.
// Evidence includes ns per tick of both bases, 1e9/timebase and the hwprobe TIME_CSR_FREQ.
// Uses the first decoded snapshot. Error when the device tree has no timebase-frequency.
reports::CheckResult CheckMultShiftVsTimebase(const live::VvarDump& dump,
                                              const std::vector<ref::DecodedVvar>& decoded);

}  // namespace vdsoconf::targets::riscv
