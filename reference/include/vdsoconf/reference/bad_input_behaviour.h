// What each vDSO entry point and its syscall do with bad arguments, per generation.
//
// The cases the "vdso.bad_input" probe runs (the guest spells the same names and arguments),
// and the outcome the kernel sources imply. The rule behind almost every row: the syscall copies
// with copy_to_user()/put_user() and returns -EFAULT for an output it cannot write, while the
// vDSO stores through the pointer itself, so an unwritable output kills the caller with SIGSEGV,
// unless the vDSO falls back to the syscall first (then it returns exactly what the syscall
// returns). Returns are the kernel's raw values (0, or -errno), for the vDSO and the syscall.
//   clock_gettime  lib/vdso/gettimeofday.c do_hres/do_coarse store into ts for vDSO clocks (NULL
//                  included); other ids fall back (clock_reader.h ClassifyClockId).
//   clock_getres   __cvdso_clock_getres_common: `if (likely(res))`: NULL is 0, like the syscall.
//   gettimeofday   __cvdso_gettimeofday_data: tv and tz each written only when non-NULL.
//   getrandom      lib/vdso/getrandom.c (7.2): falls back for unknown flags, a state of the wrong
//                  size (NULL, 0) and before the crng is ready; else writes the buffer itself.
// The cases above are the generic vDSO's (lib/vdso), the same on every architecture; the cases
// of the entry points an architecture writes itself (getcpu, and entries of its own), and the
// runtime conditions they depend on, come from its model (ArchModel::ArchBadInputCases).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref {

class ArchModel;  // arch_model.h
struct BadInputContext;

// What the vDSO call does.
enum class VdsoBadInputAnswer : std::uint8_t {
  kReturns,   // returns `vdso_ret` without asking the kernel
  kFaults,    // dies of SIGSEGV writing (or reading) the bad pointer
  kFallback,  // issues the syscall: returns what the syscall returns
};

// A runtime condition a case's vDSO answer depends on: whether it holds in `context`. When it
// does not hold the vDSO falls back to the syscall. nullptr: the answer has no condition. The
// generic one is CrngReady; an architecture's model has its own (over its facts in the context).
using VdsoCondition = bool (*)(const BadInputContext& context);

struct BadInputCase {
  std::string_view name;   // "clock_gettime.monotonic.read_only"
  std::string_view entry;  // "clock_gettime": the vDSO symbol without "__vdso_"
  VdsoBadInputAnswer vdso;
  std::int64_t vdso_ret;                // for kReturns
  std::optional<std::int64_t> syscall;  // the syscall's return; nullopt: not predicted
  VdsoCondition condition;
  // The outputs (an array the call fills) of vDSO and syscall must be equal.
  bool compare_outputs;
};

// The state of the kernel a case's answer may depend on.
struct BadInputContext {
  Generation generation = Generation::kLinux7_2;
  bool crng_ready = true;
  // The facts of the architecture its own conditions read (its model names them) that do not
  // hold; every other fact holds.
  std::vector<std::string_view> failing_arch_facts;

  bool ArchFactHolds(std::string_view fact) const;
};

// The generic condition: the rng data's is_ready (lib/vdso/getrandom.c).
bool CrngReady(const BadInputContext& context);

// The cases of the generic vDSO's entry points (clock_gettime, clock_getres, gettimeofday,
// getrandom), each entry's in the order the probe runs them.
std::span<const BadInputCase> GenericBadInputCases();

// Every case of `arch`: the generic ones, then its own (ArchModel::ArchBadInputCases). Entry
// points a generation does not export are in the list too; the probe reports them as not
// exported.
std::vector<BadInputCase> AllBadInputCases(const ArchModel& arch);

// The case of `arch` named `name`, or nullptr.
const BadInputCase* FindBadInputCase(const ArchModel& arch, std::string_view name);

// What the vDSO does in `bad_case` in `context`: the case's answer, or kFallback when its
// condition does not hold. Never kReturns for a conditional case whose condition fails.
VdsoBadInputAnswer ExpectedVdsoAnswer(const BadInputCase& bad_case, const BadInputContext& context);

}  // namespace vdsoconf::ref
