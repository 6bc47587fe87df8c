// The mremap table against the kernel rules it cites (reference/.../mremap_behaviour.h).
#include "vdsoconf/reference/mremap_behaviour.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vdsoconf::ref {
namespace {

std::string Show(Generation generation, MremapScenario scenario, const MremapExpectation& e) {
  return std::string(GenerationName(generation)) + " " + std::string(MremapScenarioName(scenario)) +
         ": errno " + std::to_string(e.remap_errno) + ", vdso_moves " +
         std::to_string(e.vdso_moves) + ", vvar_moves " + std::to_string(e.vvar_moves) +
         ", termination " + std::to_string(e.termination_signal) + " (" +
         std::string(e.decided_by) + ")";
}

TEST(MremapBehaviour, ScenarioNamesAreDistinctAndKnown) {
  std::set<std::string> names;
  for (const MremapScenario scenario : AllMremapScenarios()) {
    const std::string name(MremapScenarioName(scenario));
    EXPECT_NE(name, "unknown");
    EXPECT_TRUE(names.insert(name).second) << "duplicate scenario name " << name;
  }
  EXPECT_EQ(names.size(), 10u);
}

TEST(MremapBehaviour, MovingThePairWorksInEveryGeneration) {
  for (const Generation generation : kAllGenerations) {
    for (const MremapScenario scenario :
         {MremapScenario::kMovePair, MremapScenario::kForkAfterMove}) {
      const MremapExpectation e = ExpectedMremapOutcome(generation, scenario, false);
      EXPECT_TRUE(e.remap_errno == 0 && e.vdso_moves && e.vvar_moves &&
                  e.time_entries == EntryOutcome::kWork && e.signal == SignalOutcome::kReturns &&
                  e.termination_signal == 0)
          << Show(generation, scenario, e);
    }
  }
}

TEST(MremapBehaviour, OneCallOverBothMappingsOnlyFrom72) {
  // remap_move (6.17+) moves several VMAs at once; older vma_to_resize says -EFAULT.
  const MremapExpectation old61 =
      ExpectedMremapOutcome(Generation::kLinux6_1, MremapScenario::kMovePairOneCall, false);
  const MremapExpectation old612 =
      ExpectedMremapOutcome(Generation::kLinux6_12, MremapScenario::kMovePairOneCall, false);
  const MremapExpectation new72 =
      ExpectedMremapOutcome(Generation::kLinux7_2, MremapScenario::kMovePairOneCall, false);
  EXPECT_EQ(old61.remap_errno, 14)
      << Show(Generation::kLinux6_1, MremapScenario::kMovePairOneCall, old61);
  EXPECT_EQ(old612.remap_errno, 14)
      << Show(Generation::kLinux6_12, MremapScenario::kMovePairOneCall, old612);
  EXPECT_TRUE(new72.remap_errno == 0 && new72.vdso_moves && new72.vvar_moves)
      << Show(Generation::kLinux7_2, MremapScenario::kMovePairOneCall, new72);
}

TEST(MremapBehaviour, ResizingAndSplittingAreRefusedWithTheKernelsErrno) {
  for (const Generation generation : kAllGenerations) {
    const struct {
      MremapScenario scenario;
      int error;
    } refused[] = {{MremapScenario::kGrowVdso, 14},
                   {MremapScenario::kShrinkVvar, 22},
                   {MremapScenario::kMovePartOfVvar, 22},
                   {MremapScenario::kDontunmapVdso, 22},
                   {MremapScenario::kDontunmapVvar, 22}};
    for (const auto& row : refused) {
      const MremapExpectation e = ExpectedMremapOutcome(generation, row.scenario, false);
      EXPECT_TRUE(e.remap_errno == row.error && !e.vdso_moves && !e.vvar_moves &&
                  e.time_entries == EntryOutcome::kWork && e.termination_signal == 0)
          << Show(generation, row.scenario, e) << "; expected errno " << row.error;
    }
  }
}

TEST(MremapBehaviour, VdsoAloneLosesItsDataButKeepsSignals) {
  for (const Generation generation : kAllGenerations) {
    const MremapExpectation e =
        ExpectedMremapOutcome(generation, MremapScenario::kMoveVdsoAlone, false);
    EXPECT_TRUE(e.remap_errno == 0 && e.vdso_moves && !e.vvar_moves &&
                e.time_entries == EntryOutcome::kFault && e.signal == SignalOutcome::kReturns &&
                e.termination_signal == 11)
        << Show(generation, MremapScenario::kMoveVdsoAlone, e);
  }
}

TEST(MremapBehaviour, SignalAfterMunmapDiesReturningFromTheHandler) {
  for (const Generation generation : kAllGenerations) {
    const MremapExpectation e =
        ExpectedMremapOutcome(generation, MremapScenario::kMunmapVdsoThenSignal, false);
    EXPECT_TRUE(e.remap_errno == 0 && e.signal == SignalOutcome::kHandlerThenSegv &&
                e.time_entries == EntryOutcome::kNotTried && e.termination_signal == 11)
        << Show(generation, MremapScenario::kMunmapVdsoThenSignal, e);
  }
}

TEST(MremapBehaviour, SealedSystemMappingsRefuseEverythingWithEperm) {
  for (const MremapScenario scenario : AllMremapScenarios()) {
    const MremapExpectation e = ExpectedMremapOutcome(Generation::kLinux7_2, scenario, true);
    EXPECT_TRUE(e.remap_errno == 1 && !e.vdso_moves && !e.vvar_moves &&
                e.signal == SignalOutcome::kReturns && e.termination_signal == 0)
        << Show(Generation::kLinux7_2, scenario, e);
  }
  // 6.1 and 6.12 cannot seal system mappings: the flag changes nothing there.
  const MremapExpectation e =
      ExpectedMremapOutcome(Generation::kLinux6_12, MremapScenario::kMovePair, true);
  EXPECT_EQ(e.remap_errno, 0) << Show(Generation::kLinux6_12, MremapScenario::kMovePair, e);
}

}  // namespace
}  // namespace vdsoconf::ref
