#include "vdsoconf/reference/entry_points.h"

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::ref {

const EntryPoint* FindEntryPoint(std::span<const EntryPoint> entries, std::string_view name) {
  for (const EntryPoint& entry : entries) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

const EntryPoint* ArchModel::FindEntryPoint(Generation generation, std::string_view name) const {
  return ref::FindEntryPoint(EntryPoints(generation), name);
}

}  // namespace vdsoconf::ref
