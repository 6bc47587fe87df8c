// `vdsoconf run --suite vdso.diff`: the checks of the probes not selected are skips saying so;
// a probe that was selected and sent no result stays an error.
#include "vdsoconf/live/unselected_probes.h"

#include <gtest/gtest.h>

#include "golden_run.h"
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

// The full Debian 7.2.13 capture as if the agent had been asked for `planned` only: agent-start
// lists them, and only the results of `sent` remain.
nlohmann::json RunOf(const std::vector<std::string>& planned,
                     const std::vector<std::string>& sent) {
  nlohmann::json documents = nlohmann::json::array();
  for (nlohmann::json document : DocumentsFromConsole("debian-7.2.13-full-console.log")) {
    const std::string type = document.value("type", "");
    if (type == "agent-start") document["probes"] = planned;
    if (type == "probe-result" &&
        std::find(sent.begin(), sent.end(), document.value("probe", "")) == sent.end()) {
      continue;
    }
    documents.push_back(document);
  }
  return documents;
}

std::vector<reports::CheckResult> Evaluate(const nlohmann::json& documents) {
  std::vector<reports::CheckResult> checks = targets::riscv::EvaluateAgentRun(documents).checks;
  SkipChecksOfUnselectedProbes(AgentRun(documents), checks);
  return checks;
}

TEST(SkipChecksOfUnselectedProbes, ChecksOfProbesNotSelectedAreSkipsNotErrors) {
  const auto checks = Evaluate(RunOf({"vdso.diff"}, {"vdso.diff"}));
  int skipped = 0, diff_checks = 0;
  for (const auto& check : checks) {
    EXPECT_NE(check.status, CheckStatus::kError) << check.id << ": " << check.message;
    if (check.id.rfind("vdso.diff.", 0) == 0) {
      ++diff_checks;
      EXPECT_NE(check.status, CheckStatus::kSkip) << check.id << ": " << check.message;
    } else if (check.status == CheckStatus::kSkip &&
               check.message.rfind("not selected (--suite vdso.diff): needs probe ", 0) == 0) {
      ++skipped;
    }
  }
  EXPECT_GT(diff_checks, 0);
  EXPECT_GT(skipped, 20) << "the checks of the other probes";
}

TEST(SkipChecksOfUnselectedProbes, ASelectedProbeWithoutAResultStaysAnError) {
  const auto checks = Evaluate(RunOf({"vdso.diff", "vvar.dump"}, {"vdso.diff"}));
  int lost = 0;
  for (const auto& check : checks) {
    if (check.message == "the agent sent no result for probe vvar.dump") {
      ++lost;
      EXPECT_EQ(check.status, CheckStatus::kError) << check.id;
    }
    EXPECT_EQ(check.message.find("needs probe vvar.dump"), std::string::npos) << check.id;
  }
  EXPECT_GT(lost, 0) << "vvar.* checks need vvar.dump";
}

TEST(SkipChecksOfUnselectedProbes, TheDefaultRunSkipsNothing) {
  for (const auto& check : Evaluate(DocumentsFromConsole("debian-7.2.13-full-console.log"))) {
    EXPECT_EQ(check.message.find("not selected"), std::string::npos) << check.id;
  }
}

TEST(SkipChecksOfUnselectedProbes, WithoutAgentStartNothingIsSkipped) {
  nlohmann::json documents = RunOf({"vdso.diff"}, {"vdso.diff"});
  documents.erase(
      std::remove_if(documents.begin(), documents.end(),
                     [](const nlohmann::json& d) { return d.value("type", "") == "agent-start"; }),
      documents.end());
  for (const auto& check : Evaluate(documents)) {
    EXPECT_EQ(check.message.find("not selected"), std::string::npos) << check.id;
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
