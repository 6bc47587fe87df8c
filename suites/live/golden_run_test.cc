// The real capture: a Debian 7.2.13 kernel's agent run, decoded by the runner's framing decoder
// and judged by every live check. A correct kernel: every check passes.
#include "golden_run.h"

#include <gtest/gtest.h>

#include <cstring>

#include "check_matchers.h"
#include "vdsoconf/live/agent_documents.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

const std::vector<std::string> kExpectedIds = {"vvar.located",
                                               "vdso.symbols",
                                               "vvar.generation",
                                               "vvar.plausible",
                                               "vvar.seq_even",
                                               "vvar.clock_mode",
                                               "vvar.mult_shift_vs_timebase",
                                               "vvar.cycle_last_not_ahead",
                                               "vvar.hrtimer_res",
                                               "vvar.basetime.realtime",
                                               "vvar.basetime.monotonic",
                                               "vvar.basetime.boottime",
                                               "vvar.basetime.tai",
                                               "vvar.basetime.monotonic_raw",
                                               "vvar.basetime.realtime_coarse",
                                               "vvar.basetime.monotonic_coarse",
                                               "vvar.timens"};

TEST(GoldenRun, ConsoleDecodesToStartFiveProbesAndDone) {
  const nlohmann::json& documents = GoldenDocuments();
  ASSERT_EQ(documents.size(), 7u) << documents.dump().substr(0, 2000);
  EXPECT_EQ(documents.front()["type"], "agent-start");
  EXPECT_EQ(documents.back()["type"], "agent-done");
  for (std::size_t i = 1; i < 6; ++i)
    EXPECT_EQ(documents[i]["status"], "ok") << documents[i].dump().substr(0, 500);
}

TEST(GoldenRun, EveryCheckPassesOnTheRealKernel) {
  const targets::riscv::LiveEvaluation evaluation =
      targets::riscv::EvaluateAgentRun(GoldenDocuments());
  EXPECT_EQ(evaluation.generation, "7.2");
  std::vector<std::string> ids;
  for (const reports::CheckResult& check : evaluation.checks) {
    ids.push_back(check.id);
    EXPECT_TRUE(HasStatus(check, CheckStatus::kPass));
  }
  EXPECT_EQ(ids, kExpectedIds);
}

TEST(GoldenRun, EveryCheckPassesOnASource612Kernel) {
  const auto evaluation =
      targets::riscv::EvaluateAgentRun(DocumentsFromConsole("source-6.12.95-agent-console.log"));
  EXPECT_EQ(evaluation.generation, "6.12");
  std::vector<std::string> ids;
  for (const reports::CheckResult& check : evaluation.checks) {
    ids.push_back(check.id);
    EXPECT_TRUE(HasStatus(check, CheckStatus::kPass));
  }
  EXPECT_EQ(ids, kExpectedIds);
}

TEST(GoldenRun, RealObservationsMatchFacts) {
  const VvarDump dump = GoldenDump();
  const auto decoded = GoldenDecoded();
  EXPECT_EQ(dump.page_count, 4u);
  EXPECT_EQ(dump.readable, (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(dump.timebase_frequency, std::optional<std::uint64_t>(10000000));
  EXPECT_EQ(dump.hwprobe_time_csr_freq, std::optional<std::uint64_t>(10000000));
  const ref::VdsoClock& clock = decoded.front().state.time.clock[ref::kCsHresCoarse];
  EXPECT_EQ(clock.mult, 0x64000000u);
  EXPECT_EQ(clock.shift, 24u);
  EXPECT_EQ(clock.mask, ~std::uint64_t{0});
  EXPECT_EQ(clock.clock_mode, ref::kClockModeArchRiscv);
}

TEST(GoldenRun, SavedVvarSeedIsTheFirstSnapshot) {
  const std::string seed = ReadDataFile("debian-7.2.13-vvar-snapshot0.bin");
  const VvarDump dump = GoldenDump();
  ASSERT_EQ(seed.size(), dump.snapshots.front().bytes.size());
  EXPECT_EQ(std::memcmp(seed.data(), dump.snapshots.front().bytes.data(), seed.size()), 0);
}

TEST(GoldenRun, SelftestRunReportsCrashHangAndUnknownProbe) {
  const AgentRun run(DocumentsFromConsole("debian-7.2.13-selftest-console.log"));
  ASSERT_NE(run.Probe("selftest.crash"), nullptr);
  EXPECT_EQ(run.Probe("selftest.crash")->status, "crash");
  EXPECT_EQ(run.Probe("selftest.crash")->data["signal_name"], "SIGSEGV");
  ASSERT_NE(run.Probe("selftest.hang"), nullptr);
  EXPECT_EQ(run.Probe("selftest.hang")->status, "hang");
  EXPECT_EQ(run.Probe("selftest.hang")->data["timeout_ms"], 1500);
  EXPECT_GE(run.Probe("selftest.hang")->elapsed_ms, 1500u);
  ASSERT_NE(run.Probe("vdso.locate"), nullptr);
  EXPECT_EQ(run.Probe("vdso.locate")->status, "ok") << "a probe after a hang must still run";
  ASSERT_NE(run.Probe("nosuch.probe"), nullptr);
  EXPECT_EQ(run.Probe("nosuch.probe")->status, "error");
  EXPECT_TRUE(run.SawAgentDone());
}

}  // namespace
}  // namespace vdsoconf::live::testing
