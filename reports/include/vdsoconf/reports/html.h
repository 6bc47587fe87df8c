// The self-contained HTML report: one file, inline CSS and inline SVG, no script, no external
// resource (html_page.h), so it opens offline and cannot run anything a kernel string smuggled
// in. Every string from the results is HTML-escaped.
//
// The page opens with its verdict and a "show failures only" switch (a checkbox and CSS: the
// view hides every row no kernel fails, the skips and the layouts). Sections (each a
// <section id=...>, the Chromium test looks for them):
//   failing     first, so that the first screen says what is wrong: one row per kernel that did
//               not run and per failing check (kernel, id, status, message), linked to its details
//   summary     counts, command, creation time
//   verdicts    one row per kernel: spec, version, origin, generation, boot, counts, verdict
//   matrix      checks x kernels, each cell the status (failures link to their details)
//   failures    every fail/hang/error with message, evidence and reproducer
//   not-booted  every kernel that did not provision or boot, with its console excerpt
//   skips       every skip with its reason
//   layouts     the vvar layout of each generation in the results, side by side, rows that differ
//               highlighted (tables from ReportOptions::layouts)
//   plots       inline SVG: vDSO minus syscall deltas with each check's limit, seqlock retries
//               under the writer stress (evidence_plot.h), fuzzing coverage and exec/s over time
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reports/layout_table.h"
#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {

// Evidence keys the plots read. A check whose evidence object has a finite number (or numbers)
// under one of them contributes one bar, under its kernel's heading (evidence_plot.h).
inline constexpr std::string_view kEvidenceDeltaNs = "vdso_minus_syscall_ns";
inline constexpr std::string_view kEvidenceRetries = "seqlock_retries";

// The section ids above, in page order.
inline constexpr std::string_view kHtmlSections[] = {"failing", "summary",  "verdicts",
                                                     "matrix",  "failures", "not-booted",
                                                     "skips",   "layouts",  "plots"};

// The page. `layouts` may hold any tables; the page shows those whose generation appears in the
// results (all of them when no kernel names a generation), in the order given.
std::string RenderHtml(const ResultsDocument& document, const std::vector<LayoutTable>& layouts);

}  // namespace vdsoconf::reports
