// Small hand-written SVG charts for the HTML report: no script, no external resources, so the page
// renders offline and in any browser. Every label is HTML-escaped (the SVG is inlined in HTML).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vdsoconf::reports {

struct SvgBar {
  std::string label;  // left of the bar, untrusted text
  double value = 0;
  bool highlight = false;  // drawn in the warning colour (e.g. a failing check)
  // Bars of one group (a kernel) follow each other under a heading row with the group's name;
  // an empty group has no heading.
  std::string group;
  // The value the check that produced the bar judges it against (a limit, a tolerance): drawn as
  // a dashed mark across the bar's row and printed after the value.
  std::optional<double> threshold;
};

// A horizontal bar chart, one row per bar (and one per group heading), with a zero line (values
// may be negative), an x axis with ticks titled with `unit`, and the value printed at each bar's
// end followed by `unit`. With `log_scale`, bar lengths are sign(v) * log10(1 + |v|), so one
// outlier (a failing check 1000x off) does not flatten the rest; printed values stay exact.
// The label column is as wide as the longest label needs (labels are never cut where rows differ:
// past 96 characters the front is elided, the end kept). Non-finite values are drawn as 0.
// Below the axis, a key: red is a failing check, the dashed mark a limit (when a bar has one),
// then `note`. No bars: an empty string.
std::string SvgBarChart(const std::string& title, const std::string& unit,
                        const std::vector<SvgBar>& bars, bool log_scale = false,
                        const std::string& note = "");

// A tick label: "950", "12.5k", "1.5M", "2G" (SI suffixes from 1000 up).
std::string FormatTick(double value);

struct SvgSeries {
  std::string name;                               // legend entry, untrusted text
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in the given order
};

// A line chart with labelled axes, "nice" ticks (1, 2, 5 x 10^n) and a legend as wide as its
// longest name needs. Axes start at 0 unless data goes negative. Non-finite points are skipped.
// No points at all: an empty string.
std::string SvgLineChart(const std::string& title, const std::string& x_label,
                         const std::string& y_label, const std::vector<SvgSeries>& series);

// Tick positions covering [low, high] with about `count` steps of 1, 2 or 5 x 10^n. Requires
// count >= 1; low == high gives ticks around the value.
std::vector<double> NiceTicks(double low, double high, int count);

}  // namespace vdsoconf::reports
