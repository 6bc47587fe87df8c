#include "vdsoconf/reports/layout_table.h"

#include <map>

namespace vdsoconf::reports {

std::vector<LayoutComparisonRow> CompareLayouts(const std::vector<LayoutTable>& tables) {
  std::vector<LayoutComparisonRow> rows;
  std::map<std::string, std::size_t> row_of_key;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    for (const auto& field : tables[t].rows) {
      auto [it, inserted] = row_of_key.emplace(field.key, rows.size());
      if (inserted) {
        rows.push_back(
            {field.key, std::vector<std::optional<LayoutTableRow>>(tables.size()), false});
      }
      auto& cell = rows[it->second].cells[t];
      if (!cell) cell = field;
    }
  }
  for (auto& row : rows) {
    const std::optional<LayoutTableRow>* first = nullptr;
    for (const auto& cell : row.cells) {
      if (first == nullptr) {
        first = &cell;
        continue;
      }
      if (cell.has_value() != first->has_value() ||
          (cell && (cell->page != (*first)->page || cell->offset != (*first)->offset ||
                    cell->size != (*first)->size))) {
        row.differs = true;
      }
    }
  }
  return rows;
}

}  // namespace vdsoconf::reports
