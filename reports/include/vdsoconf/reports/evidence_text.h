// Evidence and reproducers as plain text, for the formats that carry them as text (JUnit failure
// bodies, KTAP diagnostics, Markdown and HTML blocks).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

// `value` as indented JSON (2 spaces, keys sorted as nlohmann::json stores them), invalid UTF-8
// in strings replaced by U+FFFD (never throws). null gives "".
std::string PrettyJson(const nlohmann::json& value);

// `value` as one-line JSON, invalid UTF-8 replaced. null gives "".
std::string CompactJson(const nlohmann::json& value);

// What a person needs to act on a failing check, as text:
//   <message>
//   known issue: <known_issue>        (when set)
//   evidence:
//   <pretty evidence>                 (when present)
//   reproducer:
//   <pretty reproducer>               (when present)
// Not escaped for any format: callers escape.
std::string FailureText(const CheckResult& check);

}  // namespace vdsoconf::reports
