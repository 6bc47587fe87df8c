// Small hand-written SVG charts for the HTML report: no script, no external resources, so the page
// renders offline and in any browser. Every label is HTML-escaped (the SVG is inlined in HTML).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vdsoconf::reports {

struct SvgBar {
  std::string label;  // left of the bar, untrusted text
  double value = 0;
  bool highlight = false;  // drawn in the warning colour (e.g. a failing check)
};

// A horizontal bar chart, one row per bar, with a zero line (values may be negative) and the value
// printed at each bar's end followed by `unit`. With `log_scale`, bar lengths are
// sign(v) * log10(1 + |v|), so one outlier (a failing check 1000x off) does not flatten the rest;
// printed values stay exact. Non-finite values are drawn as 0. No bars: an empty string.
std::string SvgBarChart(const std::string& title, const std::string& unit,
                        const std::vector<SvgBar>& bars, bool log_scale = false);

// A tick label: "950", "12.5k", "1.5M", "2G" (SI suffixes from 1000 up).
std::string FormatTick(double value);

struct SvgSeries {
  std::string name;                               // legend entry, untrusted text
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in the given order
};

// A line chart with labelled axes, "nice" ticks (1, 2, 5 x 10^n) and a legend. Axes start at 0
// unless data goes negative. Non-finite points are skipped. No points at all: an empty string.
std::string SvgLineChart(const std::string& title, const std::string& x_label,
                         const std::string& y_label, const std::vector<SvgSeries>& series);

// Tick positions covering [low, high] with about `count` steps of 1, 2 or 5 x 10^n. Requires
// count >= 1; low == high gives ticks around the value.
std::vector<double> NiceTicks(double low, double high, int count);

}  // namespace vdsoconf::reports
