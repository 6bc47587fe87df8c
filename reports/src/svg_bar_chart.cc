// SvgBarChart (svg.h): the HTML report's per-check plots.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "vdsoconf/reports/escape.h"
#include "vdsoconf/reports/svg.h"

namespace vdsoconf::reports {
namespace {

// Labels are set in a monospace font so that their width, and the label column, is predictable
// without measuring text: 11 px ui-monospace advances about 6.7 px per character.
constexpr double kCharWidth = 6.7;
constexpr std::size_t kMaxLabelCharacters = 96;
constexpr double kRow = 22, kTop = 30, kPlotWidth = 440, kValueWidth = 200;
constexpr const char* kLabelFont = "ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";

std::string Px(double value) {
  return FormatNumber(value, 1);
}

std::size_t Characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

// The end of `text`, where the labels of neighbouring rows differ, with "…" for the elided front.
std::string KeepEnd(std::string_view text, std::size_t max_characters) {
  std::size_t excess =
      Characters(text) > max_characters ? Characters(text) - max_characters + 1 : 0;
  if (excess == 0) return std::string(text);
  std::size_t at = 0;
  for (std::size_t seen = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xc0) != 0x80 && seen++ == excess) break;
  }
  return "…" + std::string(text.substr(at));
}

struct Scale {
  bool log = false;
  double low = 0, high = 0;  // in scaled units, low <= 0 <= high
  double left = 0;           // x of `low`
  double Scaled(double v) const {
    v = std::isfinite(v) ? v : 0;
    return log ? std::copysign(std::log10(1 + std::fabs(v)), v) : v;
  }
  double X(double v) const { return left + (Scaled(v) - low) / (high - low) * kPlotWidth; }
};

// Axis ticks in data units: 0 and the powers of ten inside the range on a log scale (every other
// one when there are many), round steps on a linear one.
std::vector<double> Ticks(const Scale& scale) {
  if (!scale.log) {
    std::vector<double> ticks;
    for (double t : NiceTicks(scale.low, scale.high, 5)) {
      if (t >= scale.low - 1e-9 && t <= scale.high + 1e-9) ticks.push_back(t);
    }
    return ticks;
  }
  std::vector<double> ticks = {0};
  for (double sign : {1.0, -1.0}) {
    std::vector<double> side;
    for (double p = 1; side.size() < 30; p *= 10) {
      if (sign * scale.Scaled(sign * p) > std::fabs(sign > 0 ? scale.high : scale.low) + 1e-9)
        break;
      side.push_back(sign * p);
    }
    const std::size_t step = side.size() > 5 ? 2 : 1;  // keeping the outermost power
    for (std::size_t k = 0; k < side.size(); k += step) ticks.push_back(side[side.size() - 1 - k]);
  }
  return ticks;
}

std::string ValueText(const SvgBar& bar, const std::string& unit) {
  std::string text = FormatNumber(bar.value, 1) + " " + unit;
  if (bar.threshold) text += " (limit " + FormatNumber(*bar.threshold, 1) + ")";
  return text;
}

}  // namespace

std::string SvgBarChart(const std::string& title, const std::string& unit,
                        const std::vector<SvgBar>& bars, bool log_scale, const std::string& note) {
  if (bars.empty()) return "";
  std::size_t widest = 0, rows = 0;
  bool thresholds = false;
  Scale scale{log_scale, 0, 0, 0};
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const SvgBar& bar = bars[i];
    widest = std::max(widest, std::min(Characters(bar.label), kMaxLabelCharacters));
    rows += (!bar.group.empty() && (i == 0 || bars[i - 1].group != bar.group)) ? 2 : 1;
    for (double v : {bar.value, bar.threshold.value_or(0)}) {
      scale.low = std::min(scale.low, scale.Scaled(v));
      scale.high = std::max(scale.high, scale.Scaled(v));
    }
    thresholds |= bar.threshold.has_value();
  }
  if (scale.low == scale.high) scale.high = 1;
  scale.left = std::clamp(static_cast<double>(widest) * kCharWidth + 16, 140.0, 660.0);
  const double width = scale.left + kPlotWidth + kValueWidth;
  const double axis = kTop + kRow * static_cast<double>(rows) + 4, height = axis + 62;
  std::ostringstream out;
  out << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Px(width)
      << "\" height=\"" << Px(height) << "\" viewBox=\"0 0 " << Px(width) << " " << Px(height)
      << "\" role=\"img\"><title>" << HtmlEscape(title) << "</title>";
  out << "<text x=\"4\" y=\"18\" class=\"chart-title\">" << HtmlEscape(title) << "</text>";
  double y = kTop;
  for (std::size_t i = 0; i < bars.size(); ++i, y += kRow) {
    const SvgBar& bar = bars[i];
    if (!bar.group.empty() && (i == 0 || bars[i - 1].group != bar.group)) {
      out << "<line x1=\"0\" y1=\"" << Px(y + 2) << "\" x2=\"" << Px(width) << "\" y2=\""
          << Px(y + 2) << "\" class=\"grid\"/><text x=\"4\" y=\"" << Px(y + 16)
          << "\" class=\"bar-group\" font-weight=\"600\">" << HtmlEscape(bar.group) << "</text>";
      y += kRow;
    }
    const double zero = scale.X(0), end = scale.X(bar.value);
    out << "<text x=\"" << Px(scale.left - 6) << "\" y=\"" << Px(y + 15)
        << "\" text-anchor=\"end\" class=\"bar-label\" font-family=\"" << kLabelFont << "\">"
        << HtmlEscape(KeepEnd(bar.label, kMaxLabelCharacters)) << "</text>";
    out << "<rect x=\"" << Px(std::min(zero, end)) << "\" y=\"" << Px(y + 4) << "\" width=\""
        << Px(std::max(1.0, std::fabs(end - zero))) << "\" height=\"" << Px(kRow - 8)
        << "\" fill=\"" << (bar.highlight ? "#d62728" : "#1f77b4") << "\"><title>"
        << HtmlEscape(bar.group.empty() ? "" : bar.group + " · ") << HtmlEscape(bar.label) << ": "
        << HtmlEscape(ValueText(bar, unit)) << "</title></rect>";
    if (bar.threshold) {
      const double x = scale.X(*bar.threshold);
      out << "<line x1=\"" << Px(x) << "\" y1=\"" << Px(y + 1) << "\" x2=\"" << Px(x) << "\" y2=\""
          << Px(y + kRow - 1)
          << "\" stroke=\"#bf8700\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>";
    }
    out << "<text x=\"" << Px(scale.left + kPlotWidth + 8) << "\" y=\"" << Px(y + 15)
        << "\" class=\"bar-value\">" << HtmlEscape(ValueText(bar, unit)) << "</text>";
  }
  const double zero = scale.X(0);
  out << "<line x1=\"" << Px(zero) << "\" y1=\"" << Px(kTop - 2) << "\" x2=\"" << Px(zero)
      << "\" y2=\"" << Px(axis) << "\" stroke=\"#333\"/>";
  out << "<line x1=\"" << Px(scale.left) << "\" y1=\"" << Px(axis) << "\" x2=\""
      << Px(scale.left + kPlotWidth) << "\" y2=\"" << Px(axis) << "\" stroke=\"#8c959f\"/>";
  std::vector<double> ticks = Ticks(scale);
  std::sort(ticks.begin(), ticks.end());
  double last = -1e9;
  for (double tick : ticks) {
    const double x = scale.X(tick);
    if (x - last < 30) continue;  // 0 and 1 on a log scale: labels would overlap
    last = x;
    out << "<line x1=\"" << Px(x) << "\" y1=\"" << Px(axis) << "\" x2=\"" << Px(x) << "\" y2=\""
        << Px(axis + 4) << "\" stroke=\"#8c959f\"/><text x=\"" << Px(x) << "\" y=\""
        << Px(axis + 15) << "\" text-anchor=\"middle\" class=\"tick\">" << FormatTick(tick)
        << "</text>";
  }
  out << "<text x=\"" << Px(scale.left + kPlotWidth / 2) << "\" y=\"" << Px(axis + 32)
      << "\" text-anchor=\"middle\" class=\"axis-label\">" << HtmlEscape(unit)
      << (log_scale ? " (log scale)" : "") << "</text>";
  // The key, below the axis: what red means, the limit mark, and the caller's note.
  double x = 4;
  out << "<rect x=\"" << Px(x) << "\" y=\"" << Px(axis + 44) << "\" width=\"10\" height=\"8\" "
      << "fill=\"#d62728\"/><text x=\"" << Px(x + 14) << "\" y=\"" << Px(axis + 52)
      << "\" class=\"legend\">failing check</text>";
  x += 110;
  if (thresholds) {
    out << "<line x1=\"" << Px(x + 4) << "\" y1=\"" << Px(axis + 42) << "\" x2=\"" << Px(x + 4)
        << "\" y2=\"" << Px(axis + 54)
        << "\" stroke=\"#bf8700\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/><text x=\""
        << Px(x + 12) << "\" y=\"" << Px(axis + 52)
        << "\" class=\"legend\">the check's limit</text>";
    x += 120;
  }
  if (!note.empty()) {
    out << "<text x=\"" << Px(x) << "\" y=\"" << Px(axis + 52) << "\" class=\"legend\">"
        << HtmlEscape(note) << "</text>";
  }
  out << "</svg>";
  return out.str();
}

}  // namespace vdsoconf::reports
