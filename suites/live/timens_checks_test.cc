#include "vdsoconf/live/timens_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "golden_run.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

constexpr ref::LayoutVariant k72{ref::Generation::kLinux7_2, false};

reports::CheckResult Timens(const nlohmann::json& documents) {
  const AgentRun run(documents);
  return CheckVvarTimens(run.Probe("vvar.timens"), k72);
}

TEST(CheckVvarTimens, PassesOnTheRealNamespacePage) {
  EXPECT_TRUE(HasStatus(Timens(GoldenDocuments()), CheckStatus::kPass));
}

TEST(CheckVvarTimens, FailsWhenThePageHoldsOtherOffsets) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vvar.timens")["boottime_offset"]["nsec"] = 1;
  EXPECT_TRUE(FailsWithReproducer(Timens(documents)));
}

TEST(CheckVvarTimens, FailsWhenPageZeroIsTheRealData) {
  nlohmann::json documents = GoldenDocuments();
  nlohmann::json& pages = ProbeData(documents, "vvar.timens")["inside"]["pages"];
  std::swap(pages[0], pages[1]);  // what a task outside any namespace would see
  EXPECT_TRUE(FailsWithReproducer(Timens(documents)));
}

TEST(CheckVvarTimens, SkipsWithoutTimeNamespaces) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vvar.timens") = {{"unshare_errno", 22}};
  EXPECT_TRUE(HasStatus(Timens(documents), CheckStatus::kSkip));
}

TEST(CheckVvarTimens, ErrorsOnAMalformedInsideView) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vvar.timens")["inside"]["pages"] = "nope";
  EXPECT_TRUE(HasStatus(Timens(documents), CheckStatus::kError));
}

}  // namespace
}  // namespace vdsoconf::live::testing
