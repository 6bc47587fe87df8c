// A check-image run's kernel record: an image_run, not a boot (schema version 3). Written and read
// back, refused when malformed, and named as an image run, never as a boot, by every format.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "vdsoconf/reports/junit.h"
#include "vdsoconf/reports/kcidb.h"
#include "vdsoconf/reports/ktap.h"
#include "vdsoconf/reports/markdown.h"
#include "vdsoconf/reports/results.h"
#include "vdsoconf/reports/verdict.h"

namespace vdsoconf::reports {
namespace {

using nlohmann::json;

ResultsDocument OneImageRun(const std::string& status) {
  ResultsDocument document;
  document.command = "vdsoconf check-image --kernel debian:latest";
  KernelRun run;
  run.spec = "debian:latest";
  run.version = "7.2.13";
  run.machine = "qemu-user (user mode)";
  run.image_run = ImageRunRecord{status, "", 1250};
  if (status != "ran") run.infra_error = run.image_run->message = "the executor is missing";
  run.checks.push_back({"image.clock.monotonic", CheckStatus::kPass, "exact"});
  document.kernels = {run};
  return document;
}

TEST(ImageRun, IsWrittenInsteadOfABootAndReadBack) {
  json value = ToJson(OneImageRun("ran"));
  const json& kernel = value["kernels"][0];
  EXPECT_FALSE(kernel.contains("boot")) << kernel.dump(2);
  EXPECT_EQ(kernel["image_run"]["status"], "ran");
  EXPECT_EQ(kernel["machine"], "qemu-user (user mode)") << "what ran the image, said once";
  EXPECT_FALSE(kernel["image_run"].contains("executor")) << kernel.dump(2);
  EXPECT_EQ(value["schema_version"], 3);
  ResultsDocument back = FromJson(value);
  ASSERT_TRUE(back.kernels[0].image_run.has_value());
  EXPECT_EQ(back.kernels[0].image_run->wall_ms, 1250);
  EXPECT_FALSE(back.kernels[0].InfraFailed());
  EXPECT_EQ(ToJson(back), value);
}

TEST(ImageRun, ThatDidNotRunIsAnInfrastructureFailure) {
  ResultsDocument document = OneImageRun("not-run");
  EXPECT_TRUE(document.kernels[0].InfraFailed());
  EXPECT_EQ(ExitCodeFor(document), 2);
  EXPECT_EQ(InfrastructureReason(document.kernels[0]), "the executor is missing");
  document.kernels[0].infra_error.clear();
  EXPECT_EQ(InfrastructureReason(document.kernels[0]), "image run not-run: the executor is missing");
}

TEST(ImageRun, MalformedRecordsAreRefusedWithTheirPath) {
  json both = ToJson(OneImageRun("ran"));
  both["kernels"][0]["boot"] = {{"status", "completed"}};
  EXPECT_THROW(FromJson(both), ResultsError);

  json unknown = ToJson(OneImageRun("ran"));
  unknown["kernels"][0]["image_run"]["status"] = "completed";
  try {
    FromJson(unknown);
    FAIL() << "accepted a boot status as an image run's";
  } catch (const ResultsError& e) {
    EXPECT_NE(std::string(e.what()).find("$.kernels[0].image_run.status"), std::string::npos)
        << e.what();
  }

  json neither = ToJson(OneImageRun("ran"));
  neither["kernels"][0].erase("image_run");
  try {
    FromJson(neither);
    FAIL() << "accepted a kernel record with neither boot nor image_run";
  } catch (const ResultsError& e) {
    EXPECT_NE(std::string(e.what()).find("$.kernels[0].boot is missing"), std::string::npos)
        << e.what();
  }
}

TEST(ImageRun, VersionTwoCheckImageDocumentsStillRead) {
  // Before version 3, check-image wrote a boot record that said "completed" for an image run.
  json old = ToJson(OneImageRun("ran"));
  old["schema_version"] = 2;
  old["kernels"][0].erase("image_run");
  old["kernels"][0]["boot"] = {{"status", "completed"},
                               {"message", "not booted: the vDSO image ran under qemu-user"}};
  ResultsDocument back = FromJson(old);
  EXPECT_FALSE(back.kernels[0].image_run.has_value());
  EXPECT_FALSE(back.kernels[0].InfraFailed());
}

TEST(ImageRun, EveryFormatNamesItAnImageRunNotABoot) {
  const ResultsDocument document = OneImageRun("ran");
  const std::string ktap = RenderKtap(document);
  EXPECT_NE(ktap.find("ok 1 image_run"), std::string::npos) << ktap;
  EXPECT_EQ(ktap.find(" boot"), std::string::npos) << ktap;

  const std::string junit = RenderJunit(document);
  EXPECT_NE(junit.find("name=\"image_run\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("name=\"image_run.executor\" value=\"qemu-user (user mode)\""),
            std::string::npos)
      << junit;
  EXPECT_EQ(junit.find("boot"), std::string::npos) << junit;

  const json kcidb = RenderKcidb(document, "vdsoconf");
  const json& node = kcidb["tests"][0];
  EXPECT_EQ(node["path"], "vdsoconf.image_run") << node.dump(2);
  EXPECT_EQ(node["status"], "PASS");
  EXPECT_EQ(node["misc"]["executor"], "qemu-user (user mode)");
  EXPECT_FALSE(node["misc"].contains("boot_status")) << node.dump(2);

  const std::string markdown = RenderMarkdown(document);
  EXPECT_NE(markdown.find("| ran |"), std::string::npos) << markdown;

  const ResultsDocument failed = OneImageRun("not-run");
  EXPECT_EQ(RenderKcidb(failed, "vdsoconf")["tests"][0]["status"], "MISS");
  EXPECT_NE(RenderKtap(failed).find("not ok 1 image_run"), std::string::npos);
  EXPECT_NE(RenderKtap(failed).find("image did not run"), std::string::npos);
}

}  // namespace
}  // namespace vdsoconf::reports
