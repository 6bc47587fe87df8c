// The optional top-level "incomplete" marker of an interrupted run (SCHEMA.md) survives a write
// and a read, and is absent from a whole run.
#include <gtest/gtest.h>

#include "vdsoconf/reports/results.h"

namespace vdsoconf::reports {
namespace {

TEST(ResultsIncomplete, RoundTripsTheReason) {
  ResultsDocument document;
  document.incomplete_reason = "interrupted by SIGINT";
  const nlohmann::json json = ToJson(document);
  EXPECT_EQ(json["incomplete"], nlohmann::json({{"reason", "interrupted by SIGINT"}}));
  EXPECT_EQ(FromJson(json).incomplete_reason, "interrupted by SIGINT");
}

TEST(ResultsIncomplete, AWholeRunHasNoMarker) {
  const nlohmann::json json = ToJson(ResultsDocument{});
  EXPECT_FALSE(json.contains("incomplete"));
  EXPECT_EQ(FromJson(json).incomplete_reason, "");
}

TEST(ResultsIncomplete, AReasonThatIsNotAStringIsRefused) {
  nlohmann::json json = ToJson(ResultsDocument{});
  json["incomplete"] = {{"reason", 130}};
  EXPECT_THROW(FromJson(json), ResultsError);
}

}  // namespace
}  // namespace vdsoconf::reports
