// Reading kernel config text: option assignments and what a finished .config lost of a fragment.
#include <gtest/gtest.h>

#include "vdsoconf/kernels/config_fragment.h"

namespace vdsoconf::kernels {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += "[" + item + "] ";
  return text;
}

TEST(ConfigFragment, ParsesSetUnsetStringAndNumericAssignments) {
  auto assignments = ConfigAssignments(
      "# comment\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x y\"\nCONFIG_D=32\n\n");
  ASSERT_EQ(assignments.size(), 4u);
  EXPECT_EQ(assignments[0], (std::pair<std::string, std::string>{"CONFIG_A", "y"}));
  EXPECT_EQ(assignments[1], (std::pair<std::string, std::string>{"CONFIG_B", "n"}));
  EXPECT_EQ(assignments[2], (std::pair<std::string, std::string>{"CONFIG_C", "\"x y\""}));
  EXPECT_EQ(assignments[3], (std::pair<std::string, std::string>{"CONFIG_D", "32"}));
}

TEST(ConfigFragment, NotSetInTheFragmentIsSatisfiedByAbsence) {
  EXPECT_TRUE(MissingOptions("# CONFIG_MODULES is not set\n", "CONFIG_A=y\n").empty());
  EXPECT_EQ(Joined(MissingOptions("# CONFIG_MODULES is not set\n", "CONFIG_MODULES=y\n")),
            "[CONFIG_MODULES=n (.config: y)] ");
}

}  // namespace
}  // namespace vdsoconf::kernels
