#include "vdsoconf/reports/evidence_plot.h"

#include <cmath>
#include <optional>

#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

std::optional<double> Finite(const nlohmann::json& value) {
  if (!value.is_number()) return std::nullopt;
  const double number = value.get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

// The plotted value: the number, or the member of largest magnitude with its name ("CLOCK_TAI",
// "#1") and how many numbers it was chosen from (0 for a plain number).
struct Plotted {
  double value = 0;
  std::string member;
  std::size_t count = 0;
};

std::optional<Plotted> PlottedValue(const nlohmann::json& value) {
  if (auto number = Finite(value)) return Plotted{*number, "", 0};
  if (!value.is_array() && !value.is_object()) return std::nullopt;
  std::optional<Plotted> worst;
  std::size_t count = 0, index = 0;
  for (auto it = value.begin(); it != value.end(); ++it, ++index) {
    auto number = Finite(*it);
    if (!number) continue;
    ++count;
    if (!worst || std::fabs(*number) > std::fabs(worst->value)) {
      worst = Plotted{*number, value.is_object() ? it.key() : "#" + std::to_string(index), 0};
    }
  }
  if (worst) worst->count = count;
  return worst;
}

std::optional<double> Threshold(const nlohmann::json& evidence, const Plotted& plotted,
                                std::span<const std::string_view> keys) {
  for (std::string_view key : keys) {
    auto it = evidence.find(std::string(key));
    if (it == evidence.end()) continue;
    if (auto number = Finite(*it)) return number;
    if (it->is_object() && it->contains(plotted.member)) return Finite((*it)[plotted.member]);
    if (it->is_array() && plotted.member.starts_with("#")) {
      const std::size_t index = std::stoul(plotted.member.substr(1));
      if (index < it->size()) return Finite((*it)[index]);
    }
  }
  return std::nullopt;
}

// The longest prefix ending in '.' that every id has and no id is.
std::string CommonDottedPrefix(const std::vector<std::string>& ids) {
  if (ids.empty()) return "";
  std::string prefix = ids.front();
  for (const auto& id : ids) {
    std::size_t n = 0;
    while (n < prefix.size() && n < id.size() && prefix[n] == id[n]) ++n;
    prefix.resize(n);
  }
  const std::size_t dot = prefix.rfind('.');
  prefix.resize(dot == std::string::npos ? 0 : dot + 1);
  for (const auto& id : ids) {
    if (id.size() == prefix.size()) return "";
  }
  return prefix;
}

}  // namespace

EvidenceBars CollectEvidenceBars(const ResultsDocument& document, std::string_view key,
                                 std::span<const std::string_view> threshold_keys) {
  EvidenceBars result;
  std::vector<std::string> ids;
  std::vector<Plotted> values;
  for (const auto& run : document.kernels) {
    for (const auto& check : run.checks) {
      if (!check.evidence.is_object()) continue;
      auto it = check.evidence.find(std::string(key));
      if (it == check.evidence.end()) continue;
      const auto plotted = PlottedValue(*it);
      if (!plotted) continue;
      SvgBar bar{"", plotted->value, IsFailing(check.status), run.spec,
                 Threshold(check.evidence, *plotted, threshold_keys)};
      result.bars.push_back(bar);
      ids.push_back(check.id);
      values.push_back(*plotted);
    }
  }
  result.common_prefix = CommonDottedPrefix(ids);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string label = ids[i].substr(result.common_prefix.size());
    const Plotted& plotted = values[i];
    if (!plotted.member.empty()) label += " · " + plotted.member;
    if (plotted.count > 1) label += " (max of " + std::to_string(plotted.count) + ")";
    result.bars[i].label = label;
  }
  return result;
}

}  // namespace vdsoconf::reports
