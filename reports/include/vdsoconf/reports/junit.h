// JUnit XML, the format CI systems (Jenkins, GitLab, GitHub test reporters) display.
//
// Shape (validated in the tests against suites/reports/schemas/junit-10.xsd, the Jenkins
// junit-10.xsd structure):
//   <testsuites name="vdsoconf" tests failures errors skipped time>
//     <testsuite name="<kernel spec>" tests failures errors skipped time [timestamp]>
//       <properties> kernel version, origin, generation, image sha256, boot status </properties>
//       <testcase classname="<kernel spec>.boot" name="boot">       the boot itself
//       <testcase classname="<kernel spec>.<suite>" name="<check id>" time>
//         <failure  message type="fail">   evidence and reproducer   (fail)
//         <error    message type="hang">   ...                       (hang)
//         <error    message type="error">  ...                       (error)
//         <skipped  message="reason"/>                               (skip)
//       <system-out> console excerpt </system-out>
// A kernel that did not boot has its boot testcase in <error type="boot-<status>"> with the console
// excerpt, and each of its checks (if any were listed) skipped with "kernel did not boot".
// Times are seconds. Every string is XML-escaped (escape.h).
#pragma once

#include <string>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

std::string RenderJunit(const ResultsDocument& document);

}  // namespace vdsoconf::reports
