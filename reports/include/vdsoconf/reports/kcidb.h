// KCIDB v5 JSON (KernelCI's common reporting database, kcidb-io schema 5.0).
//
// Mapping (what a kernel run is in KCIDB terms):
//   checkout  one per kernel: the source of the tested kernel (spec, version, origin in misc)
//   build     one per kernel: the image that was provisioned; status PASS when provisioned,
//             ERROR when provisioning failed (infra_error); architecture "riscv", config_name the
//             spec, misc: image sha256, generation, metadata
//   test      path "vdsoconf.boot" per kernel, and "vdsoconf.<check id>" per check
// Status mapping (KCIDB: FAIL ERROR MISS PASS DONE SKIP):
//   check pass -> PASS, fail -> FAIL (waived when it has a known_issue), skip -> SKIP,
//   hang -> FAIL (misc.hang = true: a probe that
//   never returns is a kernel defect), error -> ERROR; checks of a kernel that did not boot ->
//   MISS. boot completed -> PASS; panic, oops, bug -> FAIL; no-init, boot-timeout, run-timeout ->
//   ERROR; qemu-error, not-run, or an infra_error -> MISS.
// Ids are "<origin>:<run>:<n>-<kernel slug>[:<check id>]" where <run> is a hash of the results
// document, so the same results give the same ids and two runs never collide. Test paths use the
// KCIDB path alphabet ([a-zA-Z0-9_-] per dotted component; others become '_'). No property is
// null: absent data is omitted, and nulls inside evidence are dropped from misc. log_excerpt is
// cut to KCIDB's 16384-byte limit.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

inline constexpr int kKcidbMajor = 5;
inline constexpr int kKcidbMinor = 0;

// The KCIDB document. Requires `origin` to match [a-z0-9_]+ (throws ReportError otherwise).
nlohmann::json RenderKcidb(const ResultsDocument& document, std::string_view origin);

// KCIDB statuses of our verdicts, as described above.
std::string_view KcidbCheckStatus(CheckStatus status);
std::string_view KcidbBootStatus(const KernelRun& run);

}  // namespace vdsoconf::reports
