// Verdicts on the "vdso.mremap" probe: each scenario's outcome against the reference model.
#pragma once

#include <string>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/reference/generation.h"
#include "vdsoconf/reference/mremap_behaviour.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// What one scenario's child did, read from its steps and termination.
struct MremapObservation {
  std::vector<int> remap_errnos;  // of every "remap" step, in order
  bool maps_seen = false;         // a "maps" step exists
  bool vdso_present = false;      // in the last "maps" step
  bool vdso_moved = false;        // its start differs from the probe's initial [vdso]
  bool vvar_moved = false;
  bool sysinfo_ehdr_unchanged = true;  // every "maps" step kept the initial AT_SYSINFO_EHDR
  bool raised = false, handler_ran = false, signal_returned = false;
  std::vector<std::string> calls_returned;   // entries whose "call" step arrived
  std::vector<std::string> calls_disagreed;  // ... and did not match the syscall
  std::string pending_call;  // the last "calling" entry without its "call" ("" when none)
  bool resolve_failed = false;
  // fork_after_move: the grandchild's end (exit code and signal), when reported.
  bool forked_child_ended = false;
  int forked_child_exit_code = -1, forked_child_signal = 0;
  // The scenario child's end.
  int exit_code = -1, signal = 0;
  bool timed_out = false;
};

// Reads `scenario` (one element of data.scenarios) against the probe's initial `vdso_start`,
// `vvar_start` and `sysinfo_ehdr`. Throws ProbeDataError on a malformed step.
MremapObservation ObserveMremapScenario(const nlohmann::json& scenario, std::uint64_t vdso_start,
                                        std::uint64_t vvar_start, std::uint64_t sysinfo_ehdr);

// Whether a "call" step agrees with its syscall: clock_gettime and gettimeofday returned 0 with
// the value inside the syscall bracket [before, after]; getcpu returned 0 like the syscall; the
// others returned what the syscall returned, with the same value when one is given.
bool MremapCallAgrees(const nlohmann::json& call);

// The differences between `observed` and `expected` for `scenario` ("" entries never appear);
// empty when the outcome is the documented one. Where the first entry point that reads [vvar]
// must fault, which do is `arch`'s to say for its own entries (OwnEntryChecks::reads_vvar).
std::vector<std::string> CompareMremapOutcome(ref::MremapScenario scenario,
                                              const ref::MremapExpectation& expected,
                                              const MremapObservation& observed,
                                              const ArchTruths& arch);

// "vdso.mremap.<scenario name>" for every ref::AllMremapScenarios(), in that order.
const std::vector<std::string>& MremapCheckIds();

// One check per scenario: pass when the child's outcome is what ExpectedMremapOutcome says for
// `generation` (sealed when smaps shows "sl" for [vdso]); fail with the steps as evidence and
// a reproducer otherwise; the probe's own failure turns every check into ProbeDidNotFinish.
std::vector<reports::CheckResult> CheckMremapScenarios(const ProbeDocument* probe,
                                                       ref::Generation generation,
                                                       const ArchTruths& arch);

}  // namespace vdsoconf::live
