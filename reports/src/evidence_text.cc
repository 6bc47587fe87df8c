#include "vdsoconf/reports/evidence_text.h"

namespace vdsoconf::reports {

std::string PrettyJson(const nlohmann::json& value) {
  if (value.is_null()) return "";
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string CompactJson(const nlohmann::json& value) {
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FailureText(const CheckResult& check) {
  std::string text = check.message;
  if (!check.known_issue.empty()) text += "\nknown issue: " + check.known_issue;
  if (!check.evidence.is_null()) text += "\nevidence:\n" + PrettyJson(check.evidence);
  if (!check.reproducer.is_null()) text += "\nreproducer:\n" + PrettyJson(check.reproducer);
  return text;
}

}  // namespace vdsoconf::reports
