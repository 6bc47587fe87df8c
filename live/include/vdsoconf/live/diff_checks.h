// The differential matrix: each vDSO entry point against its syscall in each execution context,
// from the "vdso.diff" probe (agent/guest/probes/probes.h specifies the document).
//
// One check per entry point and context, "vdso.diff.<entry>.<context>", e.g.
// "vdso.diff.clock_gettime.timens", for each entry point of the architecture's truths
// (ArchTruths::entries, arch_truths.h). Inside a check every row (clock id, pointer combination,
// a case of an entry of the architecture's own, ...) is compared:
//   - the return values (kernel style, -errno) are equal;
//   - on success, times lie in the bracket of the two syscalls of the same clock id around the
//     vDSO call (syscall <= vDSO <= syscall): exact for every clock, COARSE and realtime
//     included, because the syscall of the same id reads the same timekeeper data;
//   - every other output field is equal (resolutions, time zone, node, whether getrandom wrote
//     its buffer), and on failure the vDSO left its outputs untouched exactly as the syscall did;
//   - getcpu's cpu is the cpu of one of the two syscalls around it (the task may migrate);
//   - the rows of an entry of the architecture's own as its OwnEntryChecks::diff_row says.
// A failure names the clock id or case, the context, and both answers (the reproducer); the
// evidence of a clock_gettime check has `vdso_minus_syscall_ns` per clock (vDSO minus the
// syscall before it) and `syscall_bracket_ns` (the syscall after minus the one before: the delta
// passes between 0 and it) for the report's plot.
//
// Verdicts: skip when the image does not export the entry point or the kernel cannot enter the
// context (no time namespaces); error when the context could not be set up for another reason or
// the document is malformed; hang/error as ProbeDidNotFinish when the probe did not finish.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/live/arch_truths.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::live {

// The execution contexts, in report order ("init", "thread", "vfork", "timens", "timens_exec",
// "mremap", "tai").
std::span<const std::string_view> DiffContexts();

// "vdso.diff.<entry>.<context>" for every entry of `arch` and context, entries outermost.
std::vector<std::string> DiffCheckIds(const ArchTruths& arch);

// Every check of DiffCheckIds(), in that order. `diff` is the vdso.diff document (nullptr when
// it never arrived). Never throws.
std::vector<reports::CheckResult> CheckVdsoDiff(const ProbeDocument* diff, const ArchTruths& arch);

// One check: `matrix` is a context's "matrix" object, `context` its name (for messages and the
// reproducer). Throws ProbeDataError on malformed rows, and for an entry that is neither the
// generic vDSO's nor one of `arch`'s own.
reports::CheckResult CheckDiffEntry(std::string_view entry, std::string_view context,
                                    const nlohmann::json& matrix, const ArchTruths& arch);

}  // namespace vdsoconf::live
