#include "vdsoconf/reports/svg.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "vdsoconf/reports/escape.h"

namespace vdsoconf::reports {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                    "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

std::string Px(double value) {
  return FormatNumber(value, 1);
}

}  // namespace

std::vector<double> NiceTicks(double low, double high, int count) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {0};
  if (high < low) std::swap(low, high);
  if (high == low) {
    double pad = low == 0 ? 1 : std::fabs(low) * 0.5;
    low -= pad;
    high += pad;
  }
  double raw = (high - low) / std::max(1, count);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::floor(low / step) * step; t <= high + step * 1e-9 && ticks.size() < 64;
       t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  }
  if (ticks.empty() || ticks.back() < high)
    ticks.push_back(ticks.empty() ? high : ticks.back() + step);
  return ticks;
}

std::string FormatTick(double value) {
  double magnitude = std::fabs(value);
  if (magnitude >= 1e9) return FormatNumber(value / 1e9, 2) + "G";
  if (magnitude >= 1e6) return FormatNumber(value / 1e6, 2) + "M";
  if (magnitude >= 1e3) return FormatNumber(value / 1e3, 2) + "k";
  return FormatNumber(value, 2);
}

std::string SvgLineChart(const std::string& title, const std::string& x_label,
                         const std::string& y_label, const std::vector<SvgSeries>& series) {
  double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
  bool any = false;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      x_low = std::min(x_low, x), x_high = std::max(x_high, x);
      y_low = std::min(y_low, y), y_high = std::max(y_high, y);
      any = true;
    }
  }
  if (!any) return "";
  std::vector<double> x_ticks = NiceTicks(x_low, x_high, 6), y_ticks = NiceTicks(y_low, y_high, 5);
  x_low = x_ticks.front(), x_high = x_ticks.back();
  y_low = y_ticks.front(), y_high = y_ticks.back();
  // The legend column fits the longest name (about 6.7 px per character at 11 px): names of
  // campaigns differ at their end (the kernel), which a fixed column cut off.
  std::size_t longest = 0;
  for (const auto& s : series)
    longest = std::max(longest, std::min<std::size_t>(s.name.size(), 80));
  constexpr double kLeft = 70, kTop = 30, kPlotHeight = 200, kPlotWidth = 520;
  const double kRight = std::max(170.0, 40 + 6.7 * static_cast<double>(longest));
  const double kWidth = kLeft + kPlotWidth + kRight;
  double plot_width = kPlotWidth, height = kTop + kPlotHeight + 50;
  auto x_of = [&](double x) { return kLeft + (x - x_low) / (x_high - x_low) * plot_width; };
  auto y_of = [&](double y) {
    return kTop + kPlotHeight - (y - y_low) / (y_high - y_low) * kPlotHeight;
  };
  std::ostringstream out;
  out << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Px(kWidth)
      << "\" height=\"" << Px(height) << "\" viewBox=\"0 0 " << Px(kWidth) << " " << Px(height)
      << "\" role=\"img\"><title>" << HtmlEscape(title) << "</title>";
  out << "<text x=\"4\" y=\"18\" class=\"chart-title\">" << HtmlEscape(title) << "</text>";
  for (double t : y_ticks) {
    out << "<line x1=\"" << Px(kLeft) << "\" y1=\"" << Px(y_of(t)) << "\" x2=\""
        << Px(kLeft + plot_width) << "\" y2=\"" << Px(y_of(t)) << "\" class=\"grid\"/>";
    out << "<text x=\"" << Px(kLeft - 6) << "\" y=\"" << Px(y_of(t) + 4)
        << "\" text-anchor=\"end\" class=\"tick\">" << FormatTick(t) << "</text>";
  }
  for (double t : x_ticks) {
    out << "<text x=\"" << Px(x_of(t)) << "\" y=\"" << Px(kTop + kPlotHeight + 16)
        << "\" text-anchor=\"middle\" class=\"tick\">" << FormatTick(t) << "</text>";
  }
  out << "<rect x=\"" << Px(kLeft) << "\" y=\"" << Px(kTop) << "\" width=\"" << Px(plot_width)
      << "\" height=\"" << Px(kPlotHeight) << "\" class=\"frame\"/>";
  out << "<text x=\"" << Px(kLeft + plot_width / 2) << "\" y=\"" << Px(height - 8)
      << "\" text-anchor=\"middle\" class=\"axis-label\">" << HtmlEscape(x_label) << "</text>";
  out << "<text x=\"14\" y=\"" << Px(kTop + kPlotHeight / 2) << "\" text-anchor=\"middle\" "
      << "transform=\"rotate(-90 14 " << Px(kTop + kPlotHeight / 2) << ")\" class=\"axis-label\">"
      << HtmlEscape(y_label) << "</text>";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const char* colour = kPalette[i % std::size(kPalette)];
    out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
    for (const auto& [x, y] : series[i].points) {
      if (std::isfinite(x) && std::isfinite(y)) out << Px(x_of(x)) << "," << Px(y_of(y)) << " ";
    }
    out << "\"/>";
    double legend_y = kTop + 14 + 18 * static_cast<double>(i);
    out << "<rect x=\"" << Px(kLeft + plot_width + 12) << "\" y=\"" << Px(legend_y - 9)
        << "\" width=\"12\" height=\"4\" fill=\"" << colour << "\"/>";
    out << "<text x=\"" << Px(kLeft + plot_width + 30) << "\" y=\"" << Px(legend_y - 3)
        << "\" class=\"legend\">" << HtmlEscape(TruncateUtf8(series[i].name, 240)) << "</text>";
  }
  out << "</svg>";
  return out.str();
}

}  // namespace vdsoconf::reports
