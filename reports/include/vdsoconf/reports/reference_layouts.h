// Adapter from the reference model's layout tables (vdsoconf/reference/layout.h) to the tables the
// HTML report shows. Header-only so that vdsoconf_reports itself does not depend on the reference
// model: whoever includes this links vdsoconf_reference (the vdsoconf program does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reports/layout_table.h"

namespace vdsoconf::reports {

// The alignment key of a reference field name: the page root is replaced by its role, so the same
// clock field lines up across generations whatever the kernel called its container:
//   vdso_data[i].X / vdso_time_data.clock_data[i].X        -> clock[i].X
//   timens_data[i].X / timens_time_data.clock_data[i].X    -> timens[i].X
//   vdso_data[0].arch_data.X / vdso_arch_data.X            -> arch.X
// Other names are their own key.
inline std::string LayoutAlignmentKey(std::string_view name) {
  struct Alias {
    std::string_view prefix, replacement;
  };
  static constexpr Alias kAliases[] = {
      {"vdso_data[0].arch_data.", "arch."},
      {"vdso_arch_data.", "arch."},
      {"vdso_time_data.clock_data[", "clock["},
      {"vdso_data[", "clock["},
      {"timens_time_data.clock_data[", "timens["},
      {"timens_data[", "timens["},
      {"vdso_time_data.", "time."},
  };
  for (const auto& alias : kAliases) {
    if (name.substr(0, alias.prefix.size()) == alias.prefix) {
      return std::string(alias.replacement) + std::string(name.substr(alias.prefix.size()));
    }
  }
  return std::string(name);
}

// The table of one reference layout.
inline LayoutTable ToLayoutTable(const ref::Layout& layout) {
  LayoutTable table;
  table.generation = std::string(ref::GenerationName(layout.variant.generation));
  table.title = ref::LayoutVariantName(layout.variant);
  table.page_count = layout.page_count;
  for (const auto& field : layout.fields) {
    table.rows.push_back({LayoutAlignmentKey(field.name), field.name, field.page, field.offset,
                          field.size, std::string(ref::ScalarTypeName(field.type))});
  }
  return table;
}

// The tables of every generation the reference model knows, without overflow protection (the
// configuration RISC-V kernels are built with). Generations whose layout cannot be built are left
// out; the report then says it has no table for them.
inline std::vector<LayoutTable> ReferenceLayoutTables() {
  std::vector<LayoutTable> tables;
  for (ref::Generation generation : ref::kAllGenerations) {
    auto layout = ref::FindLayout(ref::LayoutVariant{generation, false});
    if (layout) tables.push_back(ToLayoutTable(*layout.value()));
  }
  return tables;
}

}  // namespace vdsoconf::reports
