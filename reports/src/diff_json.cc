// `vdsoconf report --diff --format json`: the diff for tools. One array per diff.h CheckSections
// key, "kernels", and "regressed" (the exit code's reason).
#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/escape.h"

namespace vdsoconf::reports {
namespace {

nlohmann::json Strings(const std::vector<std::string>& texts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& text : texts) out.push_back(ValidUtf8(text));
  return out;
}

nlohmann::json ChangesToJson(const std::vector<CheckChange>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) {
    nlohmann::json change = {{"kernel", ValidUtf8(c.kernel)},
                             {"check", ValidUtf8(c.check)},
                             {"before", c.before},
                             {"after", c.after},
                             {"message", ValidUtf8(c.message)}};
    if (!c.problems_gone.empty() || !c.problems_new.empty()) {
      change["problems_gone"] = Strings(c.problems_gone);
      change["problems_new"] = Strings(c.problems_new);
    }
    out.push_back(change);
  }
  return out;
}

nlohmann::json KernelToJson(const KernelChange& k) {
  nlohmann::json out = {{"kernel", ValidUtf8(k.kernel)}, {"before", k.before}, {"after", k.after}};
  if (!k.previous_spec.empty()) out["previous_spec"] = ValidUtf8(k.previous_spec);
  if (!k.version_before.empty()) {
    out["version_before"] = ValidUtf8(k.version_before);
    out["version_after"] = ValidUtf8(k.version_after);
  }
  if (!k.image_before.empty()) {
    out["image_before"] = k.image_before;
    out["image_after"] = k.image_after;
  }
  if (!k.image_sha256.empty()) out["image_sha256"] = ValidUtf8(k.image_sha256);
  return out;
}

nlohmann::json FindingsToJson(const std::vector<FindingChange>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : list) {
    out.push_back({{"key", ValidUtf8(f.key)},
                   {"title", ValidUtf8(f.title)},
                   {"kernels", Strings(f.kernels)}});
  }
  return out;
}

}  // namespace

nlohmann::json DiffToJson(const ResultsDiff& diff) {
  nlohmann::json out = {{"regressed", diff.Regressed()},
                        {"new_findings", FindingsToJson(diff.new_findings)},
                        {"gone_findings", FindingsToJson(diff.gone_findings)}};
  for (const auto& section : CheckSections(diff)) {
    out[section.key] = ChangesToJson(*section.changes);
  }
  nlohmann::json kernels = nlohmann::json::array();
  for (const auto& k : diff.kernel_changes) kernels.push_back(KernelToJson(k));
  out["kernels"] = kernels;
  return out;
}

}  // namespace vdsoconf::reports
