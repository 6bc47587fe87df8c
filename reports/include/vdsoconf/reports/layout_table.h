// The vvar layouts as the HTML report shows them: per layout generation, every field with its page,
// offset and size, and a side-by-side comparison that aligns the same field across generations.
//
// The reports library does not depend on the reference model; the tables are handed in
// (ReportOptions::layouts). reference_layouts.h converts vdsoconf::ref::Layout into these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vdsoconf::reports {

struct LayoutTableRow {
  // Identifies "the same field" across generations, e.g. "clock[0].seq" for both 6.12's
  // vdso_data[0].seq and 7.2's vdso_time_data.clock_data[0].seq. Unique within one table.
  std::string key;
  std::string name;  // the field's own name in this generation ("vdso_data[0].seq")
  std::uint32_t page = 0;
  std::uint32_t offset = 0;  // from the start of the page
  std::uint32_t size = 0;
  std::string type;  // "u32"
};

struct LayoutTable {
  std::string generation;  // "6.1", "6.12", "7.2": matches KernelRun::generation
  std::string title;       // "6.12" or "6.12+overflow-protect"
  std::uint32_t page_count = 0;
  std::vector<LayoutTableRow> rows;  // in (page, offset) order
};

// One aligned row of the side-by-side view: the cell of each table (nullopt where the generation
// has no such field) and whether the cells disagree on presence, page, offset or size.
struct LayoutComparisonRow {
  std::string key;
  std::vector<std::optional<LayoutTableRow>> cells;  // one per input table, same order
  bool differs = false;
};

// Aligns `tables` by row key. Row order: the keys of the first table in its order, then keys first
// seen in later tables in their order. With one table nothing differs. Requires keys unique per
// table (a duplicate key keeps its first row).
std::vector<LayoutComparisonRow> CompareLayouts(const std::vector<LayoutTable>& tables);

}  // namespace vdsoconf::reports
