#include "vdsoconf/reference/generation.h"

#include <gtest/gtest.h>

namespace vdsoconf::ref {
namespace {

TEST(Generation, NamesRoundTrip) {
  for (Generation g : kAllGenerations) {
    EXPECT_EQ(ParseGeneration(GenerationName(g)), g) << GenerationName(g);
  }
  EXPECT_EQ(ParseGeneration("5.4"), std::nullopt);
}

TEST(LayoutVariant, NameSaysOverflowProtection) {
  EXPECT_EQ(LayoutVariantName({Generation::kLinux6_12, true}), "6.12+overflow-protect");
  EXPECT_EQ(LayoutVariantName({Generation::kLinux6_1, false}), "6.1");
}

}  // namespace
}  // namespace vdsoconf::ref
