// Probe results become checks: ok passes, a hang is the probe's hang (not an infrastructure
// failure), crash fails, anything else is an error; an agent report without its bookends is
// flagged.
#include "vdsoconf/runner/probe_checks.h"

#include <gtest/gtest.h>

namespace vdsoconf::runner {
namespace {

using reports::CheckStatus;

nlohmann::json Result(const std::string& probe, const std::string& status) {
  return {{"type", "probe-result"},
          {"probe", probe},
          {"status", status},
          {"elapsed_ms", 7},
          {"data", {{"x", 1}}}};
}

TEST(ProbeRunChecks, MapsEveryAgentStatus) {
  nlohmann::json docs = {{{"type", "agent-start"}},
                         Result("a", "ok"),
                         Result("b", "hang"),
                         Result("c", "crash"),
                         Result("d", "error"),
                         Result("e", "weird"),
                         {{"type", "agent-done"}, {"probes_run", 5}}};
  auto checks = ProbeRunChecks(docs);
  ASSERT_EQ(checks.size(), 5u);
  std::vector<std::pair<std::string, CheckStatus>> expected = {{"agent.a", CheckStatus::kPass},
                                                               {"agent.b", CheckStatus::kHang},
                                                               {"agent.c", CheckStatus::kFail},
                                                               {"agent.d", CheckStatus::kError},
                                                               {"agent.e", CheckStatus::kError}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(checks[i].id, expected[i].first);
    EXPECT_EQ(checks[i].status, expected[i].second)
        << checks[i].id << " got " << reports::CheckStatusName(checks[i].status);
  }
  EXPECT_EQ(checks[1].reproducer["probe"], "b");
  EXPECT_EQ(checks[0].evidence["data"]["x"], 1);
  EXPECT_EQ(checks[0].duration_ms, 7.0);
}

TEST(ProbeRunChecks, ResultWithoutProbeNameIsAnError) {
  auto checks =
      ProbeRunChecks(nlohmann::json::array({{{"type", "probe-result"}, {"status", "ok"}}}));
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].status, CheckStatus::kError);
}

TEST(AgentReportProblem, WholeReportHasNoProblem) {
  nlohmann::json docs = {
      {{"type", "agent-start"}}, Result("a", "ok"), {{"type", "agent-done"}, {"probes_run", 1}}};
  EXPECT_EQ(AgentReportProblem(docs), "");
}

TEST(AgentReportProblem, MissingStartDoneOrMiscountIsReported) {
  nlohmann::json no_start = {Result("a", "ok"), {{"type", "agent-done"}, {"probes_run", 1}}};
  nlohmann::json no_done = {{{"type", "agent-start"}}, Result("a", "ok")};
  nlohmann::json miscount = {
      {{"type", "agent-start"}}, Result("a", "ok"), {{"type", "agent-done"}, {"probes_run", 2}}};
  EXPECT_NE(AgentReportProblem(no_start).find("agent-start"), std::string::npos);
  EXPECT_NE(AgentReportProblem(no_done).find("before agent-done"), std::string::npos);
  EXPECT_NE(AgentReportProblem(miscount).find("probes_run=2"), std::string::npos)
      << AgentReportProblem(miscount);
}

}  // namespace
}  // namespace vdsoconf::runner
