// Exported symbols against the entry-point table.
#include "vdsoconf/riscv/check/export_comparison.h"

#include <set>

#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

namespace vdsoconf::riscv::check {
namespace {
constexpr std::uint8_t kSttFunc = 2;
}  // namespace

std::vector<std::string> CompareExports(ref::Generation generation,
                                        std::span<const DynamicSymbol> symbols) {
  std::vector<std::string> differences;
  std::set<std::string> exported;
  for (const DynamicSymbol& symbol : symbols) {
    if (symbol.type != kSttFunc || !symbol.IsExported()) continue;
    exported.insert(symbol.name);
    const ref::EntryPoint* known = ref::riscv::FindVdsoEntryPoint(generation, symbol.name);
    if (known == nullptr) {
      differences.push_back(symbol.name + " is exported but generation " +
                            std::string(ref::GenerationName(generation)) +
                            "'s vDSO has no such entry");
    } else if (symbol.version != known->version) {
      differences.push_back(symbol.name + " has version '" + symbol.version + "', model " +
                            std::string(known->version));
    }
  }
  for (const ref::EntryPoint& entry : ref::riscv::VdsoEntryPoints(generation)) {
    if (!exported.contains(std::string(entry.name))) {
      differences.push_back(std::string(entry.name) + " is not exported");
    }
  }
  return differences;
}

std::optional<std::string> ExportedTime(std::span<const DynamicSymbol> symbols) {
  for (const DynamicSymbol& symbol : symbols) {
    if (symbol.IsExported() && (symbol.name == "__vdso_time" || symbol.name == "__kernel_time")) {
      return symbol.name;
    }
  }
  return std::nullopt;
}

}  // namespace vdsoconf::riscv::check
