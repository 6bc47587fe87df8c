#include "vdsoconf/reference/mremap_behaviour.h"

#include <array>

#include "vdsoconf/reference/linux_errno.h"

namespace vdsoconf::ref {
namespace {

constexpr int kEperm = 1;  // EPERM, include/uapi/asm-generic/errno-base.h

constexpr std::array kScenarios{
    MremapScenario::kMovePair,
    MremapScenario::kMovePairOneCall,
    MremapScenario::kMoveVdsoAlone,
    MremapScenario::kGrowVdso,
    MremapScenario::kShrinkVvar,
    MremapScenario::kMovePartOfVvar,
    MremapScenario::kDontunmapVdso,
    MremapScenario::kDontunmapVvar,
    MremapScenario::kMunmapVdsoThenSignal,
    MremapScenario::kForkAfterMove,
};

// A refused step leaves both mappings where they were, so everything keeps working.
MremapExpectation Refused(int error, std::string_view decided_by) {
  MremapExpectation expectation;
  expectation.remap_errno = error;
  expectation.decided_by = decided_by;
  return expectation;
}

MremapExpectation Unsealed(Generation generation, MremapScenario scenario) {
  MremapExpectation moved;
  moved.vdso_moves = true;
  moved.vvar_moves = true;
  switch (scenario) {
    case MremapScenario::kMovePair:
    case MremapScenario::kForkAfterMove:
      moved.decided_by = "move_vma + special_mapping_mremap -> vdso_mremap";
      return moved;
    case MremapScenario::kMovePairOneCall:
      if (generation == Generation::kLinux7_2) {
        moved.decided_by = "remap_move (multi-VMA move, 6.17+)";
        return moved;
      }
      return Refused(static_cast<int>(kEfault), "vma_to_resize: old_len beyond vm_end");
    case MremapScenario::kMoveVdsoAlone: {
      MremapExpectation alone;
      alone.vdso_moves = true;
      alone.time_entries = EntryOutcome::kFault;
      alone.termination_signal = 11;  // SIGSEGV from the last time entry point
      alone.decided_by = "vdso_mremap; the vDSO reads its data PC-relatively";
      return alone;
    }
    case MremapScenario::kGrowVdso:
      return Refused(static_cast<int>(kEfault), generation == Generation::kLinux7_2
                                                    ? "resize_is_valid: VM_DONTEXPAND"
                                                    : "vma_to_resize: VM_DONTEXPAND");
    case MremapScenario::kShrinkVvar:
    case MremapScenario::kMovePartOfVvar:
      return Refused(static_cast<int>(kEinval), "special_mapping_split");
    case MremapScenario::kDontunmapVdso:
    case MremapScenario::kDontunmapVvar:
      return Refused(static_cast<int>(kEinval),
                     generation == Generation::kLinux7_2
                         ? "resize_is_valid: MREMAP_DONTUNMAP on VM_DONTEXPAND"
                         : "vma_to_resize: MREMAP_DONTUNMAP on VM_DONTEXPAND");
    case MremapScenario::kMunmapVdsoThenSignal: {
      MremapExpectation unmapped;
      unmapped.time_entries = EntryOutcome::kNotTried;
      unmapped.signal = SignalOutcome::kHandlerThenSegv;
      unmapped.termination_signal = 11;
      unmapped.decided_by = "setup_rt_frame returns through the stale mm->context.vdso";
      return unmapped;
    }
  }
  return Refused(0, "unknown scenario");
}

}  // namespace

std::string_view MremapScenarioName(MremapScenario scenario) {
  switch (scenario) {
    case MremapScenario::kMovePair:
      return "move_pair";
    case MremapScenario::kMovePairOneCall:
      return "move_pair_one_call";
    case MremapScenario::kMoveVdsoAlone:
      return "move_vdso_alone";
    case MremapScenario::kGrowVdso:
      return "grow_vdso";
    case MremapScenario::kShrinkVvar:
      return "shrink_vvar";
    case MremapScenario::kMovePartOfVvar:
      return "move_part_of_vvar";
    case MremapScenario::kDontunmapVdso:
      return "dontunmap_vdso";
    case MremapScenario::kDontunmapVvar:
      return "dontunmap_vvar";
    case MremapScenario::kMunmapVdsoThenSignal:
      return "munmap_vdso_then_signal";
    case MremapScenario::kForkAfterMove:
      return "fork_after_move";
  }
  return "unknown";
}

std::span<const MremapScenario> AllMremapScenarios() {
  return kScenarios;
}

MremapExpectation ExpectedMremapOutcome(Generation generation, MremapScenario scenario,
                                        bool sealed) {
  if (sealed && generation == Generation::kLinux7_2) {
    MremapExpectation refused = Refused(kEperm, "check_prep_vma / do_munmap: vma_is_sealed");
    if (scenario == MremapScenario::kMunmapVdsoThenSignal) {
      refused.time_entries = EntryOutcome::kNotTried;  // the signal still returns
    }
    return refused;
  }
  return Unsealed(generation, scenario);
}

}  // namespace vdsoconf::ref
