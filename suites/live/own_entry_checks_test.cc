// The checks' entry points come from the architecture's truths (ArchTruths::entries): the check
// ids follow their order, and an entry of the architecture's own is judged by its hooks
// (own_entry_checks.h). A made-up architecture with one own entry, "probe_own", stands in.
#include "vdsoconf/live/own_entry_checks.h"

#include <gtest/gtest.h>

#include <array>

#include "check_matchers.h"
#include "vdsoconf/live/bad_input_checks.h"
#include "vdsoconf/live/diff_checks.h"
#include "vdsoconf/live/fallback_checks.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

std::optional<DiffRowProblem> CompareRet(const nlohmann::json& row, const std::string& path) {
  const std::string difference =
      FirstDifference(Member(row, "vdso", path), Member(row, "syscall", path), {"ret"}, path);
  if (difference.empty()) return std::nullopt;
  return DiffRowProblem{"probe_own(): " + difference, {{"arg", 1}}, row["vdso"], row["syscall"]};
}

constexpr OwnEntryChecks kOwnChecks{.diff_row = &CompareRet, .reads_vvar = true};
constexpr OwnEntryChecks kNoHooks{};
constexpr std::array kEntries{LiveEntry{"getcpu"}, LiveEntry{"probe_own", &kOwnChecks},
                              LiveEntry{"clock_gettime"}, LiveEntry{"unhooked", &kNoHooks}};

ArchTruths MadeUpArch() {
  ArchTruths arch;
  arch.entries = kEntries;
  return arch;
}

nlohmann::json Matrix(std::int64_t vdso_ret) {
  return {{"vdso_base", 4096},
          {"exported", {{"probe_own", true}, {"unhooked", true}}},
          {"probe_own", {{{"vdso", {{"ret", vdso_ret}}}, {"syscall", {{"ret", 0}}}}}},
          {"unhooked", {{{"vdso", {{"ret", 0}}}, {"syscall", {{"ret", 0}}}}}}};
}

TEST(OwnEntryChecks, CheckIdsFollowTheArchitecturesEntries) {
  const ArchTruths arch = MadeUpArch();
  EXPECT_EQ(BadInputCheckIds(arch),
            (std::vector<std::string>{"bad_input.getcpu", "bad_input.probe_own",
                                      "bad_input.clock_gettime", "bad_input.unhooked"}));
  EXPECT_EQ(FallbackCheckIds(arch).at(1), "vdso.fallback.probe_own");
  const std::vector<std::string> diff = DiffCheckIds(arch);
  ASSERT_EQ(diff.size(), kEntries.size() * DiffContexts().size());
  EXPECT_EQ(diff.at(DiffContexts().size()), "vdso.diff.probe_own.init");
}

TEST(OwnEntryChecks, AnOwnEntryIsJudgedByItsDiffHook) {
  const ArchTruths arch = MadeUpArch();
  EXPECT_TRUE(HasStatus(CheckDiffEntry("probe_own", "init", Matrix(0), arch), CheckStatus::kPass));
  const reports::CheckResult failure = CheckDiffEntry("probe_own", "thread", Matrix(-22), arch);
  EXPECT_TRUE(FailsWithReproducer(failure));
  EXPECT_EQ(failure.message, "probe_own(): ret -22 (vDSO) != 0 (syscall) in context thread");
  EXPECT_EQ(failure.reproducer["inputs"], (nlohmann::json{{"arg", 1}}));
  EXPECT_EQ(failure.finding, "vdso.diff.probe_own");
}

TEST(OwnEntryChecks, AnEntryWithoutAComparisonIsMalformedData) {
  const ArchTruths arch = MadeUpArch();
  EXPECT_THROW(CheckDiffEntry("unhooked", "init", Matrix(0), arch), ProbeDataError);
  EXPECT_THROW(CheckDiffEntry("probe_own", "init", Matrix(0), ArchTruths{}), ProbeDataError);
}

TEST(OwnEntryChecks, FindLiveEntryAndFirstDifference) {
  const ArchTruths arch = MadeUpArch();
  ASSERT_NE(FindLiveEntry(arch, "probe_own"), nullptr);
  EXPECT_EQ(FindLiveEntry(arch, "probe_own")->own, &kOwnChecks);
  EXPECT_EQ(FindLiveEntry(arch, "nothing"), nullptr);
  const nlohmann::json a = {{"x", 1}, {"y", 2}}, b = {{"x", 1}, {"y", 3}};
  EXPECT_EQ(FirstDifference(a, b, {"x", "y"}, "row"), "y 2 (vDSO) != 3 (syscall)");
  EXPECT_EQ(FirstDifference(a, a, {"x", "y"}, "row"), "");
  EXPECT_THROW(FirstDifference(a, b, {"z"}, "row"), ProbeDataError);
}

}  // namespace
}  // namespace vdsoconf::live::testing
