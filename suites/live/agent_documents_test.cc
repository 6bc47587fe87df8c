#include "vdsoconf/live/agent_documents.h"

#include <gtest/gtest.h>

namespace vdsoconf::live {
namespace {

std::vector<std::uint8_t> Bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

TEST(DecodeBase64, DecodesRfc4648Vectors) {
  EXPECT_EQ(DecodeBase64(""), Bytes(""));
  EXPECT_EQ(DecodeBase64("Zg=="), Bytes("f"));
  EXPECT_EQ(DecodeBase64("Zm8="), Bytes("fo"));
  EXPECT_EQ(DecodeBase64("Zm9v"), Bytes("foo"));
  EXPECT_EQ(DecodeBase64("Zm9vYmFy"), Bytes("foobar"));
}

TEST(DecodeBase64, RejectsMalformedText) {
  for (const char* bad : {"Zg=", "Z===", "Zg==Zm9v", "Zm9*", "Z=g="}) {
    EXPECT_THROW(DecodeBase64(bad), ProbeDataError) << bad;
  }
}

TEST(DecodeSparseBytes, RebuildsZerosAroundRuns) {
  const nlohmann::json sparse = {{"size", 8}, {"runs", {{1, "AQI="}, {6, "/w=="}}}};
  EXPECT_EQ(DecodeSparseBytes(sparse, "t"), (std::vector<std::uint8_t>{0, 1, 2, 0, 0, 0, 255, 0}));
}

TEST(DecodeSparseBytes, RejectsRunsOutsideOrOverlapping) {
  const nlohmann::json outside = {{"size", 2}, {"runs", {{1, "AQI="}}}};
  const nlohmann::json overlapping = {{"size", 8}, {"runs", {{1, "AQI="}, {2, "AQ=="}}}};
  const nlohmann::json huge = {{"size", 1ull << 40}, {"runs", nlohmann::json::array()}};
  EXPECT_THROW(DecodeSparseBytes(outside, "t"), ProbeDataError);
  EXPECT_THROW(DecodeSparseBytes(overlapping, "t"), ProbeDataError);
  EXPECT_THROW(DecodeSparseBytes(huge, "t"), ProbeDataError);
}

TEST(AgentRun, FindsTheLastResultOfAProbe) {
  const nlohmann::json documents = {{{"type", "agent-start"}, {"uname", {{"release", "7.2.13"}}}},
                                    {{"type", "probe-result"},
                                     {"probe", "a"},
                                     {"status", "error"},
                                     {"elapsed_ms", 1},
                                     {"data", nlohmann::json::object()}},
                                    {{"type", "probe-result"},
                                     {"probe", "a"},
                                     {"status", "ok"},
                                     {"elapsed_ms", 2},
                                     {"data", nlohmann::json::object()}},
                                    {{"type", "agent-done"}, {"probes_run", 2}}};
  const AgentRun run(documents);
  ASSERT_NE(run.Probe("a"), nullptr);
  EXPECT_EQ(run.Probe("a")->status, "ok");
  EXPECT_EQ(run.Probe("b"), nullptr);
  EXPECT_EQ(run.KernelRelease(), "7.2.13");
  EXPECT_TRUE(run.SawAgentDone());
}

TEST(AgentRun, RejectsAProbeResultWithoutData) {
  const nlohmann::json documents = {
      {{"type", "probe-result"}, {"probe", "a"}, {"status", "ok"}, {"elapsed_ms", 1}}};
  try {
    AgentRun run(documents);
    FAIL() << "accepted a probe-result without data";
  } catch (const ProbeDataError& error) {
    EXPECT_NE(std::string(error.what()).find("documents[0].data"), std::string::npos)
        << error.what();
  }
}

TEST(Member, NamesThePathOfAMistypedMember) {
  const nlohmann::json object = {{"n", "text"}};
  try {
    U64(object, "n", "x.y");
    FAIL() << "accepted a string as an integer";
  } catch (const ProbeDataError& error) {
    EXPECT_NE(std::string(error.what()).find("x.y.n"), std::string::npos) << error.what();
  }
  EXPECT_THROW(I64(object, "missing", "x"), ProbeDataError);
}

}  // namespace
}  // namespace vdsoconf::live
