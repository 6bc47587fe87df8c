#include "vdsoconf/reports/results.h"

#include <gtest/gtest.h>

namespace vdsoconf::reports {
namespace {

using nlohmann::json;

ResultsDocument TwoKernels() {
  ResultsDocument document;
  document.vdsoconf_version = "0.1.0";
  document.created = "2026-11-25T00:00:00Z";
  document.command = "vdsoconf run";
  KernelRun good;
  good.spec = "debian:latest";
  good.version = "7.2.13+deb14-cloud";
  good.boot.status = "completed";
  good.checks.push_back({"vvar.seq_even", CheckStatus::kPass, "seq 0x30a", json{{"seq", 778}}});
  good.checks.push_back({"vvar.timens_page", CheckStatus::kSkip, "no time namespace support"});
  KernelRun bad = good;
  bad.spec = "source:6.1";
  bad.checks[0].status = CheckStatus::kFail;
  bad.checks[0].reproducer = json{{"probe", "vvar.dump"}};
  document.kernels = {good, bad};
  return document;
}

TEST(Results, RoundTripsThroughJson) {
  ResultsDocument document = TwoKernels();
  json first = ToJson(document);
  json second = ToJson(FromJson(first));
  EXPECT_EQ(first, second) << first.dump(2) << "\n---\n" << second.dump(2);
}

TEST(Results, SummaryCountsEveryStatus) {
  Summary s = TwoKernels().Summarize();
  EXPECT_EQ(s.kernels, 2);
  EXPECT_EQ(s.checks, 4);
  EXPECT_EQ(s.pass, 1);
  EXPECT_EQ(s.fail, 1);
  EXPECT_EQ(s.skip, 2);
  EXPECT_EQ(s.infra_failures, 0);
}

TEST(Results, ExitCodeOrdersInfrastructureOverFailureOverPass) {
  ResultsDocument document = TwoKernels();
  EXPECT_EQ(ExitCodeFor(document), 1);
  document.kernels[1].checks[0].status = CheckStatus::kPass;
  EXPECT_EQ(ExitCodeFor(document), 0);
  document.kernels[1].checks[0].status = CheckStatus::kHang;
  EXPECT_EQ(ExitCodeFor(document), 1) << "a hang is not a pass";
  document.kernels[0].boot.status = "panic";
  EXPECT_EQ(ExitCodeFor(document), 2);
}

TEST(Results, RefusesNewerSchemaVersion) {
  json value = ToJson(TwoKernels());
  value["schema_version"] = kSchemaVersion + 1;
  try {
    FromJson(value);
    FAIL() << "accepted a newer schema";
  } catch (const ResultsError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST(Results, NamesThePathOfABrokenField) {
  json value = ToJson(TwoKernels());
  value["kernels"][1]["checks"][0]["status"] = "maybe";
  try {
    FromJson(value);
    FAIL() << "accepted an unknown status";
  } catch (const ResultsError& e) {
    EXPECT_NE(std::string(e.what()).find("$.kernels[1].checks[0].status"), std::string::npos)
        << e.what();
  }
}

TEST(Results, RefusesAForeignDocument) {
  EXPECT_THROW(FromJson(json{{"schema", "something-else"}}), ResultsError);
  EXPECT_THROW(FromJson(json::array()), ResultsError);
  json missing = ToJson(TwoKernels());
  missing["kernels"][0].erase("spec");
  EXPECT_THROW(FromJson(missing), ResultsError);
}

TEST(Results, WritesInvalidUtf8FromAGuestAsReplacementCharacters) {
  ResultsDocument document = TwoKernels();
  document.kernels[0].boot.console_excerpt = "garbage \xff\xfe on the console";
  std::string path = testing::TempDir() + "/results-utf8.json";
  WriteResults(document, path);
  ResultsDocument back = ReadResults(path);
  EXPECT_EQ(back.kernels[0].boot.console_excerpt,
            "garbage \xEF\xBF\xBD\xEF\xBF\xBD on the console");
}

}  // namespace
}  // namespace vdsoconf::reports
