// Runs the cross-built agent under qemu-riscv64 (user mode) with options as arguments (outside
// pid 1 the agent takes them from argv instead of /proc/cmdline) and reads its output with the
// runner's framing decoder, as the runner reads a console. QEMU 7.2's user mode maps no vDSO for
// riscv64, so the vDSO probes here exercise their "not found" paths; the real-kernel run is the
// golden capture in suites/live/data.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/runner/framing.h"
#include "vdsoconf/targets/riscv/agent_path.h"

namespace vdsoconf {
namespace {

struct AgentOutput {
  runner::DecodedConsole console;
  nlohmann::json documents;
  SubprocessResult process;
};

AgentOutput RunAgent(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {"qemu-riscv64", targets::riscv::kAgentBinaryPath};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(60);
  AgentOutput output;
  output.process = RunSubprocess(argv, options);
  output.console = runner::DecodeConsole(output.process.output);
  output.documents = output.console.ValidBodies();
  return output;
}

const nlohmann::json* ProbeResult(const nlohmann::json& documents, const std::string& probe) {
  for (const nlohmann::json& document : documents) {
    if (document.value("probe", "") == probe) return &document;
  }
  return nullptr;
}

class AgentUserMode : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ProgramExists("qemu-riscv64")) GTEST_SKIP() << "qemu-riscv64 (qemu-user) not installed";
    if (!std::filesystem::exists(targets::riscv::kAgentBinaryPath)) {
      GTEST_SKIP() << "agent not built at " << targets::riscv::kAgentBinaryPath;
    }
  }
};

TEST_F(AgentUserMode, EveryDocumentIsValidAndTheRunIsBracketed) {
  const AgentOutput out = RunAgent({"vdsoconf.probes=vdso.locate"});
  ASSERT_TRUE(out.process.ok()) << out.process.Describe() << "\n" << out.process.output;
  for (const runner::FramedDocument& document : out.console.documents) {
    EXPECT_EQ(document.state, runner::DocumentState::kValid) << document.problem;
  }
  EXPECT_EQ(out.console.malformed_frames, 0) << out.process.output;
  ASSERT_EQ(out.documents.size(), 3u) << out.documents.dump();
  EXPECT_EQ(out.documents[0]["type"], "agent-start");
  EXPECT_EQ(out.documents[0]["probes"], nlohmann::json::array({"vdso.locate"}));
  EXPECT_EQ(out.documents[2]["type"], "agent-done");
  EXPECT_EQ(out.documents[2]["probes_run"], 1);
  EXPECT_EQ(out.console.heartbeats.back(), "powering off");
}

TEST_F(AgentUserMode, CrashIsReportedWithTheSignal) {
  const AgentOutput out = RunAgent({"vdsoconf.probes=selftest.crash,vdso.locate"});
  const nlohmann::json* crash = ProbeResult(out.documents, "selftest.crash");
  ASSERT_NE(crash, nullptr) << out.process.output;
  EXPECT_EQ((*crash)["status"], "crash") << crash->dump();
  EXPECT_EQ((*crash)["data"]["signal_name"], "SIGSEGV") << crash->dump();
  const nlohmann::json* next = ProbeResult(out.documents, "vdso.locate");
  ASSERT_NE(next, nullptr) << "the probe after a crash did not run";
  EXPECT_EQ((*next)["status"], "ok") << next->dump();
}

TEST_F(AgentUserMode, HangIsKilledAtTheWatchdogAndTheRestStillRuns) {
  // The watchdog applies to every probe, vdso.locate's too: under qemu-user on a loaded host
  // (two cores, a dozen runnable processes) its first run, translation included, has taken more
  // than 300 ms, so the limit leaves it room while the hang still costs only the limit.
  const AgentOutput out =
      RunAgent({"vdsoconf.probes=selftest.hang,vdso.locate", "vdsoconf.probe_timeout_ms=3000"});
  const nlohmann::json* hang = ProbeResult(out.documents, "selftest.hang");
  ASSERT_NE(hang, nullptr) << out.process.output;
  EXPECT_EQ((*hang)["status"], "hang") << hang->dump();
  EXPECT_EQ((*hang)["data"]["timeout_ms"], 3000) << hang->dump();
  EXPECT_GE((*hang)["elapsed_ms"].get<std::uint64_t>(), 3000u) << hang->dump();
  EXPECT_LT((*hang)["elapsed_ms"].get<std::uint64_t>(), 15000u) << hang->dump();
  const nlohmann::json* next = ProbeResult(out.documents, "vdso.locate");
  ASSERT_NE(next, nullptr) << "the probe after a hang did not run";
  EXPECT_EQ((*next)["status"], "ok") << next->dump();
}

TEST_F(AgentUserMode, UnknownProbeIsAnErrorDocument) {
  const AgentOutput out = RunAgent({"vdsoconf.probes=no.such.probe"});
  const nlohmann::json* unknown = ProbeResult(out.documents, "no.such.probe");
  ASSERT_NE(unknown, nullptr) << out.process.output;
  EXPECT_EQ((*unknown)["status"], "error");
  EXPECT_NE((*unknown)["data"]["error"].get<std::string>().find("no probe named"),
            std::string::npos);
}

TEST_F(AgentUserMode, BadOptionsAreReportedNotObeyed) {
  const std::string odd = "vdsoconf.colour=\"q\\\x01";
  const AgentOutput out =
      RunAgent({"vdsoconf.probe_timeout_ms=0", odd, "vdsoconf.probes=vdso.locate"});
  ASSERT_FALSE(out.documents.empty()) << out.process.output;
  const nlohmann::json& start = out.documents[0];
  EXPECT_EQ(start["probe_timeout_ms"], 20000) << start.dump();
  EXPECT_EQ(start["problems"], nlohmann::json::array({"vdsoconf.probe_timeout_ms=0", odd}))
      << start.dump();
}

TEST_F(AgentUserMode, DefaultSetRunsEveryProbeButTheSelftests) {
  const AgentOutput out = RunAgent({});
  ASSERT_FALSE(out.documents.empty()) << out.process.output;
  const nlohmann::json default_set =
      nlohmann::json::array({"vdso.locate", "vdso.image", "vdso.symbols", "vvar.dump",
                             "vvar.timens", "stress.seqlock", "vvar.update_gaps", "timens.clocks",
                             "vdso.mremap", "vdso.bad_input", "vdso.diff", "vdso.fallback",
                             "kernel.btf"});
  EXPECT_EQ(out.documents[0]["probes"], default_set);
  // Under qemu-user nothing is there to probe, but every probe reports, none crashes or hangs.
  for (const nlohmann::json& name : default_set) {
    const nlohmann::json* result = ProbeResult(out.documents, name.get<std::string>());
    ASSERT_NE(result, nullptr) << name;
    EXPECT_NE((*result)["status"], "crash") << result->dump().substr(0, 500);
    EXPECT_NE((*result)["status"], "hang") << result->dump().substr(0, 500);
  }
  // No vDSO under qemu-user: the probes that need one say so instead of crashing.
  const nlohmann::json* dump = ProbeResult(out.documents, "vvar.dump");
  ASSERT_NE(dump, nullptr);
  EXPECT_EQ((*dump)["status"], "error") << dump->dump();
  EXPECT_EQ((*dump)["data"]["error"], "no [vvar] line in /proc/self/maps");
  const nlohmann::json* locate = ProbeResult(out.documents, "vdso.locate");
  ASSERT_NE(locate, nullptr);
  EXPECT_TRUE((*locate)["data"]["vdso"].is_null()) << locate->dump();
  EXPECT_EQ((*locate)["data"]["auxv"]["sysinfo_ehdr"], 0);
}

}  // namespace
}  // namespace vdsoconf
