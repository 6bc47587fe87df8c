// How checks become bars in the HTML report's plots (reports/SCHEMA.md, "Evidence keys the HTML
// plots read"): which evidence a plot reads, the threshold drawn on each bar, and labels short
// enough to read in full.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reports/results.h"
#include "vdsoconf/reports/svg.h"

namespace vdsoconf::reports {

// Where a check's evidence holds the limit its plotted value is judged against, tried in order:
// a number, or an object/array with one number per member of the plotted value (per clock), of
// which the bar's member is used. The vDSO minus syscall delta passes when it lies between 0 and
// the width of the two syscalls around the vDSO call (syscall_bracket_ns).
inline constexpr std::string_view kDeltaThresholdKeys[] = {"syscall_bracket_ns", "limit_ns",
                                                           "tolerance_ns"};

struct EvidenceBars {
  std::vector<SvgBar> bars;  // grouped by kernel spec, in the results' order
  // The dotted prefix every plotted check id shares ("vdso.diff."), cut from the labels so that
  // they show where rows differ; empty when there is none.
  std::string common_prefix;
};

// One bar per check whose evidence object has a plottable value under `key`: a finite number, or
// an array/object of numbers (one per clock, per reader thread) shown as its member of largest
// magnitude, labelled "<id> · <member> (max of N)" (N > 1). Failing checks are highlighted; a
// threshold is taken from the first of `threshold_keys` that the evidence has.
EvidenceBars CollectEvidenceBars(const ResultsDocument& document, std::string_view key,
                                 std::span<const std::string_view> threshold_keys = {});

}  // namespace vdsoconf::reports
