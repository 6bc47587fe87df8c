#include "vdsoconf/reference/layout.h"

#include <algorithm>
#include <array>

#include "vdsoconf/reference/arch_model.h"

namespace vdsoconf::ref {

std::uint32_t ScalarSize(ScalarType type) {
  switch (type) {
    case ScalarType::kU8:
      return 1;
    case ScalarType::kS32:
    case ScalarType::kU32:
      return 4;
    case ScalarType::kS64:
    case ScalarType::kU64:
      return 8;
  }
  return 0;
}

bool ScalarIsSigned(ScalarType type) {
  return type == ScalarType::kS32 || type == ScalarType::kS64;
}

std::string_view ScalarTypeName(ScalarType type) {
  switch (type) {
    case ScalarType::kU8:
      return "u8";
    case ScalarType::kS32:
      return "s32";
    case ScalarType::kU32:
      return "u32";
    case ScalarType::kS64:
      return "s64";
    case ScalarType::kU64:
      return "u64";
  }
  return "?";
}

const LayoutField* Layout::FindField(std::string_view name) const {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const LayoutField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

const LayoutField* Layout::FieldAt(std::uint32_t page, std::uint32_t offset) const {
  // The last field starting at or before (page, offset); it covers the byte if long enough.
  auto it = std::upper_bound(fields.begin(), fields.end(), std::pair(page, offset),
                             [](const std::pair<std::uint32_t, std::uint32_t>& at,
                                const LayoutField& f) { return at < std::pair(f.page, f.offset); });
  if (it == fields.begin()) return nullptr;
  --it;
  if (it->page != page || offset >= it->offset + it->size) return nullptr;
  return &*it;
}

namespace {

bool IsKnownGeneration(Generation generation) {
  return std::find(std::begin(kAllGenerations), std::end(kAllGenerations), generation) !=
         std::end(kAllGenerations);
}

}  // namespace

std::string WhyNoLayoutVariant(LayoutVariant variant) {
  if (!IsKnownGeneration(variant.generation)) {
    return "unknown vvar layout generation " +
           std::to_string(static_cast<unsigned>(variant.generation)) + " (known: 6.1, 6.12, 7.2)";
  }
  if (variant.overflow_protect && !HasOverflowProtectOption(variant.generation)) {
    return "layout " + std::string(GenerationName(variant.generation)) +
           " has no overflow-protect variant: CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT arrived in 6.10";
  }
  return "";
}

const ArchModel& ArchOfUnnamedCalls() {
  // Until every caller names its architecture (issue #14): the default one, which was the one
  // architecture the model had before ArchModel.
  return DefaultArchModel();
}

Result<const Layout*> FindLayout(LayoutVariant variant) {
  return ArchOfUnnamedCalls().FindLayout(variant);
}

std::vector<LayoutVariant> AllLayoutVariants() {
  std::vector<LayoutVariant> variants;
  for (Generation g : kAllGenerations) {
    variants.push_back({g, false});
    if (HasOverflowProtectOption(g)) variants.push_back({g, true});
  }
  return variants;
}

}  // namespace vdsoconf::ref
