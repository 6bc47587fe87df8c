#include "vdsoconf/reference/generation.h"

#include <string>

namespace vdsoconf::ref {

std::string_view GenerationName(Generation generation) {
  switch (generation) {
    case Generation::kLinux6_1:
      return "6.1";
    case Generation::kLinux6_12:
      return "6.12";
    case Generation::kLinux7_2:
      return "7.2";
  }
  return "unknown";
}

std::optional<Generation> ParseGeneration(std::string_view name) {
  for (Generation g : kAllGenerations) {
    if (GenerationName(g) == name) return g;
  }
  return std::nullopt;
}

std::string LayoutVariantName(LayoutVariant variant) {
  std::string name(GenerationName(variant.generation));
  if (variant.overflow_protect) name += "+overflow-protect";
  return name;
}

}  // namespace vdsoconf::ref
