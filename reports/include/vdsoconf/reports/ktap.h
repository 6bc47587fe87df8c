// KTAP version 1 (Documentation/dev-tools/ktap.rst), as kunit.py and kselftest tooling parse it.
//
//   KTAP version 1
//   1..<kernels>
//       KTAP version 1
//       # Subtest: <kernel spec>
//       1..<1 + checks>
//       ok 1 boot
//       # <diagnostic lines of a failure: message, evidence, reproducer>
//       not ok 2 <check id>
//       ok 3 <check id> # SKIP <reason>
//       not ok 4 <check id> # TIMEOUT <message>         (hang)
//       not ok 5 <check id> # ERROR <message>           (error)
//       not ok 6 <check id> # XFAIL <known issue>       (fail with known_issue; still "not ok")
//   ok 1 <kernel spec>
//   not ok 2 <kernel spec> # ERROR boot panic: ...    (a kernel that did not boot: its checks, if
//                                                       listed, are "ok N id # SKIP kernel did not
//                                                       boot")
// Diagnostics precede the result line they explain and start with "# ", as kunit prints logs.
// Names and directive text are single lines with '#' replaced (escape.h KtapName).
#pragma once

#include <string>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

std::string RenderKtap(const ResultsDocument& document);

}  // namespace vdsoconf::reports
