// What moving, resizing and unmapping the vDSO's special mappings does, per generation.
//
// The scenarios the "vdso.mremap" probe runs, each in its own forked child, and the outcome the
// kernel sources imply. Derived from, for 6.1, 6.12 and 7.2 alike unless noted:
//   mm/mmap.c  __install_special_mapping   every special mapping gets VM_DONTEXPAND.
//              special_mapping_split       always -EINVAL: a special mapping is never split, so
//                                          shrinking it, moving or unmapping part of it fails.
//              special_mapping_mremap      calls the mapping's .mremap hook after a move.
//   arch/riscv/kernel/vdso.c  vdso_mremap  ([vdso] only; [vvar] has no hook) sets
//                                          mm->context.vdso to the new start. The signal frame's
//                                          return address (setup_rt_frame: VDSO_SYMBOL(
//                                          mm->context.vdso, rt_sigreturn)) follows the move;
//                                          AT_SYSINFO_EHDR in the auxiliary vector does not.
//                                          Nothing resets it on munmap: a signal handler then
//                                          returns into unmapped memory (SIGSEGV).
//   mm/mremap.c  vma_to_resize (6.1, 6.12) / resize_is_valid (7.2)
//                                          MREMAP_DONTUNMAP on VM_DONTEXPAND|VM_PFNMAP: -EINVAL;
//                                          old range beyond the VMA's end: -EFAULT; growing a
//                                          VM_DONTEXPAND|VM_PFNMAP mapping: -EFAULT.
//              move_vma                    may_split() at both ends of a partial move: -EINVAL.
//              remap_move (7.2 only, 6.17+) an MREMAP_FIXED move of equal length may span
//                                          several VMAs and moves each, keeping their gaps; in
//                                          6.1/6.12 a range across [vvar] and [vdso] is -EFAULT.
//              check_prep_vma (7.2)        a sealed VMA: -EPERM before anything else. Sealed
//                                          means CONFIG_MSEAL_SYSTEM_MAPPINGS (VM_SEALED_SYSMAP,
//                                          "sl" in smaps VmFlags); it excludes CHECKPOINT_RESTORE.
//                                          munmap of a sealed VMA is -EPERM as well (mm/mseal.c).
// The vDSO code finds its data PC-relatively (a link-time symbol at a fixed distance below the
// text), so after moving [vdso] without [vvar] the time entry points read whatever lies below
// the new text: the probe leaves that hole unmapped, so they die of SIGSEGV.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref {

enum class MremapScenario : std::uint8_t {
  kMovePair,              // [vvar] then [vdso] moved by two MREMAP_FIXED calls, distance kept
  kMovePairOneCall,       // one MREMAP_FIXED call over [vvar, vdso end)
  kMoveVdsoAlone,         // [vdso] moved above an unmapped hole, [vvar] left in place
  kGrowVdso,              // mremap([vdso], len, len + page, MREMAP_MAYMOVE)
  kShrinkVvar,            // mremap([vvar], len, len - page, 0)
  kMovePartOfVvar,        // the last page of [vvar] moved alone (MREMAP_FIXED)
  kDontunmapVdso,         // mremap([vdso], len, len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP)
  kDontunmapVvar,         // the same for [vvar]
  kMunmapVdsoThenSignal,  // munmap([vdso]), then a signal with a handler
  kForkAfterMove,         // kMovePair, then fork: the child calls the vDSO and takes a signal
};

// How the time entry points (clock_gettime, clock_getres, gettimeofday) and the other entry
// points behave after the scenario's remap step.
enum class EntryOutcome : std::uint8_t {
  kWork,      // return and agree with the syscall
  kFault,     // the first time entry point called dies of SIGSEGV
  kNotTried,  // the probe does not call them in this scenario
};

enum class SignalOutcome : std::uint8_t {
  kReturns,          // the handler runs and execution resumes after raise()
  kHandlerThenSegv,  // the handler runs, its return dies of SIGSEGV
  kNotTried,
};

struct MremapExpectation {
  // errno of the scenario's remap step (mremap or munmap); 0 when it succeeds.
  int remap_errno = 0;
  // After the step, /proc/self/maps shows [vdso] (and [vvar] when it moved) at the new place.
  bool vdso_moves = false;
  bool vvar_moves = false;
  EntryOutcome time_entries = EntryOutcome::kWork;
  SignalOutcome signal = SignalOutcome::kReturns;
  // How the scenario's child ends: 0 for exit(0), else the signal that kills it.
  int termination_signal = 0;
  // The kernel function that decides the remap step, for reports.
  std::string_view decided_by;
};

// Stable names used in probe documents and check ids: "move_pair", "move_pair_one_call",
// "move_vdso_alone", "grow_vdso", "shrink_vvar", "move_part_of_vvar", "dontunmap_vdso",
// "dontunmap_vvar", "munmap_vdso_then_signal", "fork_after_move".
std::string_view MremapScenarioName(MremapScenario scenario);

// Every scenario, in the order the probe runs them.
std::span<const MremapScenario> AllMremapScenarios();

// What the kernel of `generation` does in `scenario`. `sealed` is whether the kernel sealed the
// system mappings (CONFIG_MSEAL_SYSTEM_MAPPINGS; only possible in 7.2): then every remap and
// munmap step fails with EPERM and nothing moves (sealing is ignored for 6.1 and 6.12, which
// have no VM_SEALED_SYSMAP).
MremapExpectation ExpectedMremapOutcome(Generation generation, MremapScenario scenario,
                                        bool sealed);

}  // namespace vdsoconf::ref
