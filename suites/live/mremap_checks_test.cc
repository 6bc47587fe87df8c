// vdso.mremap.<scenario> checks on synthetic probe documents: a kernel that behaves as the
// reference model documents passes; each wrong observation fails with a reproducer.
#include "vdsoconf/live/mremap_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"

namespace vdsoconf::live::testing {
namespace {

using ref::Generation;
using ref::MremapScenario;
using reports::CheckStatus;

// Truths with no entry point of an architecture's own: the scenarios call only the generic
// vDSO's entries.
const ArchTruths kGenericEntries;

constexpr std::uint64_t kPage = 4096;
constexpr std::uint64_t kVvar = 0x3fa0000000, kVdso = kVvar + 4 * kPage,
                        kVdsoEnd = kVdso + 2 * kPage;
constexpr std::uint64_t kMoved = 0x2000000000;  // where moved mappings land
constexpr std::uint64_t kEhdr = kVdso;

nlohmann::json Range(std::uint64_t start, std::uint64_t end, const char* name) {
  return {{"start", start}, {"end", end}, {"line", std::string("... ") + name}};
}

nlohmann::json Step(const char* kind) {
  return {{"step", kind}};
}

nlohmann::json Call(const char* entry) {
  nlohmann::json call = {{"step", "call"}, {"entry", entry}, {"ret", 0}, {"syscall_ret", 0}};
  if (std::string(entry) == "clock_gettime") {
    call.update({{"before", 100}, {"value", 150}, {"after", 200}});
  } else {
    call.update({{"value", 7}, {"syscall_value", 7}});
  }
  return call;
}

// The steps a kernel that does exactly what `e` says would report for `scenario`.
nlohmann::json ConformingScenario(MremapScenario scenario, const ref::MremapExpectation& e) {
  nlohmann::json steps = nlohmann::json::array();
  const bool pair =
      scenario == MremapScenario::kMovePair || scenario == MremapScenario::kForkAfterMove;
  for (int i = 0; i < (pair ? 2 : 1); ++i) {
    steps.push_back({{"step", "remap"}, {"errno", e.remap_errno}});
  }
  const bool unmapped = scenario == MremapScenario::kMunmapVdsoThenSignal && e.remap_errno == 0;
  nlohmann::json maps = {{"step", "maps"}, {"sysinfo_ehdr", kEhdr}};
  maps["vvar"] =
      e.vvar_moves ? Range(kMoved, kMoved + 4 * kPage, "[vvar]") : Range(kVvar, kVdso, "[vvar]");
  maps["vdso"] = unmapped       ? nlohmann::json(nullptr)
                 : e.vdso_moves ? Range(kMoved + 4 * kPage, kMoved + 6 * kPage, "[vdso]")
                                : Range(kVdso, kVdsoEnd, "[vdso]");
  steps.push_back(maps);
  if (scenario == MremapScenario::kForkAfterMove) steps.push_back(Step("forked_child_started"));
  steps.push_back(Step("raising"));
  steps.push_back({{"step", "handler_ran"}, {"signal", 10}});
  if (e.signal == ref::SignalOutcome::kReturns) steps.push_back(Step("signal_returned"));
  if (e.time_entries != ref::EntryOutcome::kNotTried) {
    steps.push_back({{"step", "calling"}, {"entry", "getcpu"}});
    steps.push_back(Call("getcpu"));
    steps.push_back({{"step", "calling"}, {"entry", "clock_gettime"}});
    if (e.time_entries == ref::EntryOutcome::kWork) steps.push_back(Call("clock_gettime"));
  }
  if (scenario == MremapScenario::kForkAfterMove) {
    steps.push_back({{"step", "forked_child_ended"}, {"exit_code", 0}, {"signal", 0}});
  }
  return {{"name", ref::MremapScenarioName(scenario)},
          {"steps", steps},
          {"termination",
           {{"exit_code", e.termination_signal == 0 ? nlohmann::json(0) : nlohmann::json(nullptr)},
            {"signal", e.termination_signal},
            {"timed_out", false}}}};
}

ProbeDocument ConformingProbe(Generation generation, bool sealed = false) {
  ProbeDocument probe;
  probe.probe = "vdso.mremap";
  probe.status = "ok";
  probe.data = {{"page_size", kPage},
                {"sysinfo_ehdr", kEhdr},
                {"vvar", Range(kVvar, kVdso, "[vvar]")},
                {"vdso", Range(kVdso, kVdsoEnd, "[vdso]")},
                {"vvar_vm_flags", "rd mr pf io de dd"},
                {"vdso_vm_flags", sealed ? "rd ex mr mw me de sd sl" : "rd ex mr mw me de sd"},
                {"scenarios", nlohmann::json::array()}};
  for (const MremapScenario scenario : ref::AllMremapScenarios()) {
    probe.data["scenarios"].push_back(
        ConformingScenario(scenario, ref::ExpectedMremapOutcome(generation, scenario, sealed)));
  }
  return probe;
}

nlohmann::json& Scenario(ProbeDocument& probe, const std::string& name) {
  for (nlohmann::json& scenario : probe.data["scenarios"]) {
    if (scenario["name"] == name) return scenario;
  }
  throw std::runtime_error("no scenario " + name);
}

const reports::CheckResult& Verdict(const std::vector<reports::CheckResult>& checks,
                                    const std::string& scenario) {
  const reports::CheckResult* check = FindCheck(checks, "vdso.mremap." + scenario);
  if (check == nullptr) throw std::runtime_error("no check for " + scenario);
  return *check;
}

TEST(CheckMremapScenarios, PassesWhenEveryScenarioIsAsDocumented) {
  for (const Generation generation : ref::kAllGenerations) {
    const ProbeDocument probe = ConformingProbe(generation);
    const std::vector<reports::CheckResult> checks =
        CheckMremapScenarios(&probe, generation, kGenericEntries);
    ASSERT_EQ(checks.size(), MremapCheckIds().size());
    for (const reports::CheckResult& check : checks) {
      EXPECT_TRUE(HasStatus(check, CheckStatus::kPass)) << ref::GenerationName(generation);
    }
  }
}

TEST(CheckMremapScenarios, PassesWhenSealedMappingsRefuseEverything) {
  const ProbeDocument probe = ConformingProbe(Generation::kLinux7_2, true);
  for (const reports::CheckResult& check :
       CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries)) {
    EXPECT_TRUE(HasStatus(check, CheckStatus::kPass));
  }
}

TEST(CheckMremapScenarios, FailsWhenAMoveWorksWhereTheGenerationRefusesIt) {
  // A 7.2 kernel's one-call move of both mappings, judged as 6.12 (which says -EFAULT).
  const ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  const auto checks = CheckMremapScenarios(&probe, Generation::kLinux6_12, kGenericEntries);
  EXPECT_TRUE(FailsWithReproducer(Verdict(checks, "move_pair_one_call")));
  EXPECT_TRUE(HasStatus(Verdict(checks, "move_pair"), CheckStatus::kPass));
}

TEST(CheckMremapScenarios, FailsWhenGrowingTheVdsoSucceeds) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_1);
  Scenario(probe, "grow_vdso")["steps"][0]["errno"] = 0;
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux6_1, kGenericEntries), "grow_vdso")));
}

TEST(CheckMremapScenarios, FailsWhenTheSignalDoesNotReturnAfterTheMove) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  nlohmann::json& scenario = Scenario(probe, "move_pair");
  nlohmann::json& steps = scenario["steps"];
  steps.erase(std::remove(steps.begin(), steps.end(), Step("signal_returned")), steps.end());
  scenario["termination"] = {{"exit_code", nullptr}, {"signal", 11}, {"timed_out", false}};
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries), "move_pair")));
}

TEST(CheckMremapScenarios, FailsWhenAnEntryPointDisagreesAfterTheMove) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  for (nlohmann::json& step : Scenario(probe, "move_pair")["steps"]) {
    if (step["step"] == "call" && step["entry"] == "clock_gettime") step["value"] = 250;
  }
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries), "move_pair")));
}

TEST(CheckMremapScenarios, FailsWhenTheMapsDoNotShowTheMove) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_12);
  for (nlohmann::json& step : Scenario(probe, "move_pair")["steps"]) {
    if (step["step"] == "maps") step["vdso"] = Range(kVdso, kVdsoEnd, "[vdso]");
  }
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux6_12, kGenericEntries), "move_pair")));
}

TEST(CheckMremapScenarios, FailsWhenTheAuxiliaryVectorFollowsTheMove) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_12);
  for (nlohmann::json& step : Scenario(probe, "move_pair")["steps"]) {
    if (step["step"] == "maps") step["sysinfo_ehdr"] = kMoved + 4 * kPage;
  }
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux6_12, kGenericEntries), "move_pair")));
}

TEST(CheckMremapScenarios, FailsWhenTheVdsoAloneStillReadsTime) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  nlohmann::json& scenario = Scenario(probe, "move_vdso_alone");
  scenario["steps"].push_back(Call("clock_gettime"));
  scenario["termination"] = {{"exit_code", 0}, {"signal", 0}, {"timed_out", false}};
  EXPECT_TRUE(FailsWithReproducer(Verdict(
      CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries), "move_vdso_alone")));
}

TEST(CheckMremapScenarios, FailsWhenTheHandlerReturnsAfterMunmap) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux6_1);
  nlohmann::json& scenario = Scenario(probe, "munmap_vdso_then_signal");
  scenario["steps"].push_back(Step("signal_returned"));
  scenario["termination"] = {{"exit_code", 0}, {"signal", 0}, {"timed_out", false}};
  EXPECT_TRUE(FailsWithReproducer(
      Verdict(CheckMremapScenarios(&probe, Generation::kLinux6_1, kGenericEntries),
              "munmap_vdso_then_signal")));
}

TEST(CheckMremapScenarios, FailsWhenTheChildForkedAfterTheMoveDies) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  for (nlohmann::json& step : Scenario(probe, "fork_after_move")["steps"]) {
    if (step["step"] == "forked_child_ended") step["signal"] = 11;
  }
  EXPECT_TRUE(FailsWithReproducer(Verdict(
      CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries), "fork_after_move")));
}

TEST(CheckMremapScenarios, FailsWhenAScenarioTimesOut) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Scenario(probe, "shrink_vvar")["termination"]["timed_out"] = true;
  EXPECT_TRUE(FailsWithReproducer(Verdict(
      CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries), "shrink_vvar")));
}

TEST(CheckMremapScenarios, ErrorsOnMalformedStepsAndMissingScenarios) {
  ProbeDocument probe = ConformingProbe(Generation::kLinux7_2);
  Scenario(probe, "dontunmap_vdso")["steps"][0].erase("errno");
  Scenario(probe, "dontunmap_vvar")["name"] = "renamed";
  const auto checks = CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries);
  EXPECT_TRUE(HasStatus(Verdict(checks, "dontunmap_vdso"), CheckStatus::kError));
  EXPECT_TRUE(HasStatus(Verdict(checks, "dontunmap_vvar"), CheckStatus::kError));
}

TEST(CheckMremapScenarios, EveryCheckIsAnErrorWhenTheProbeCrashed) {
  ProbeDocument probe;
  probe.probe = "vdso.mremap";
  probe.status = "crash";
  for (const reports::CheckResult& check :
       CheckMremapScenarios(&probe, Generation::kLinux7_2, kGenericEntries)) {
    EXPECT_TRUE(HasStatus(check, CheckStatus::kError));
  }
  EXPECT_EQ(CheckMremapScenarios(nullptr, Generation::kLinux7_2, kGenericEntries).size(),
            MremapCheckIds().size());
}

}  // namespace
}  // namespace vdsoconf::live::testing
