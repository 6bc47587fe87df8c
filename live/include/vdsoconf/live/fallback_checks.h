// Which calls the vDSO answers itself and which it hands to the kernel, from the "vdso.fallback"
// probe (a seccomp filter fails every syscall the entry points can issue with a sentinel errno;
// agent/guest/probes/probes.h specifies the document), against the reference
// model of the kernel's generation.
//
// One check per entry point of the architecture's truths (ArchTruths::entries),
// "vdso.fallback.<entry>". The expectation per row:
//   clock_gettime  ClassifyClockId (clock_reader.h): HRES and RAW ids answered when the clock
//                  mode is usable (`hres_capable`: vdso_clocksource_ok), COARSE ids always
//                  (do_coarse reads no counter), every other id falls back. Aux ids (7.2) fall
//                  back too: do_aux answers only for an enabled aux clock and the agent enables
//                  none.
//   clock_getres   HRES, RAW, COARSE and (7.2) AUX ids answered, every other id falls back
//                  (__cvdso_clock_getres_common checks no clock mode).
//   gettimeofday   with tv: as CLOCK_REALTIME; with tv NULL: answered (no syscall at all).
//   a syscall passthrough (entry_points.h kSyscallPassthrough: RISC-V's getcpu): falls back.
//   getrandom      32 bytes, flags 0: with a "warm" state (one call served before the filter)
//                  answered (getrandom.h gates 3..8 pass once the rng is ready and the state's
//                  generation is current); with a "fresh" state it falls back (gate 8 refills
//                  the key with the getrandom syscall, which the filter fails).
//   an entry of the architecture's own (kArchOwn): as ref::ArchModel::OwnEntryIssuesSyscall
//                  says for `config_smp`; the row's inputs as its OwnEntryChecks say.
// A row whose control (the syscall itself under the filter) did not return the sentinel makes
// the check an error: the filter is not what the rows assume.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

struct FallbackExpectations {
  ref::Generation generation = ref::Generation::kLinux7_2;
  // The current clocksource has a clock mode other than VDSO_CLOCKMODE_NONE (the caller knows
  // which clocksources do; RISC-V: ExpectedClockMode).
  bool hres_capable = true;
  bool config_smp = true;
};

// "vdso.fallback.<entry>" for every entry of `arch`, in its order.
std::vector<std::string> FallbackCheckIds(const ArchTruths& arch);

// Every check of FallbackCheckIds(), in that order. Skips all when the kernel refused the
// seccomp filter; an entry the image does not export is skipped. Never throws.
std::vector<reports::CheckResult> CheckVdsoFallback(const ProbeDocument* fallback,
                                                    const FallbackExpectations& expectations,
                                                    const ArchTruths& arch);

}  // namespace vdsoconf::live
