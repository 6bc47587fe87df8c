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
//   getcpu         getcpu.S: the syscall itself (never faults).
//   riscv_hwprobe  vdso/hwprobe.c riscv_vdso_get_values (6.12, 7.2): answers itself when flags
//                  are 0 and either the cpu set is "all" (size 0, NULL) or the harts are
//                  homogeneous (and, 7.2, the data is ready); then the cpu set is never read, so
//                  a bad or empty set returns 0 where sys_hwprobe returns -EFAULT / -EINVAL; and
//                  `end = pairs + count` wraps for count * 16 >= 2^64, so the loop is skipped.
//   getrandom      lib/vdso/getrandom.c (7.2): falls back for unknown flags, a state of the wrong
//                  size (NULL, 0) and before the crng is ready; else writes the buffer itself.
//   flush_icache   flush_icache.S with CONFIG_SMP: the syscall itself.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::ref {

// What the vDSO call does.
enum class VdsoBadInputAnswer : std::uint8_t {
  kReturns,   // returns `vdso_ret` without asking the kernel
  kFaults,    // dies of SIGSEGV writing (or reading) the bad pointer
  kFallback,  // issues the syscall: returns what the syscall returns
};

// A runtime condition a case's vDSO answer depends on; when it does not hold the vDSO falls
// back to the syscall.
enum class VdsoCondition : std::uint8_t {
  kNone,
  kHomogeneousHarts,  // arch data homogeneous_cpus (and ready, 7.2)
  kHwprobeReady,      // 7.2 arch data `ready` (6.12 has no such flag: always answers)
  kCrngReady,         // rng data is_ready
};

struct BadInputCase {
  std::string_view name;   // "clock_gettime.monotonic.read_only"
  std::string_view entry;  // "clock_gettime": the vDSO symbol without "__vdso_"
  VdsoBadInputAnswer vdso;
  std::int64_t vdso_ret;                // for kReturns
  std::optional<std::int64_t> syscall;  // the syscall's return; nullopt: not predicted
  VdsoCondition condition;
  // The outputs (hwprobe pairs) of vDSO and syscall must be equal.
  bool compare_outputs;
};

// Every case, in the order the probe runs them. Entry points a generation does not export
// (entry_points.h) are in the list too; the probe reports them as not exported.
std::span<const BadInputCase> AllBadInputCases();

// The case named `name`, or nullptr.
const BadInputCase* FindBadInputCase(std::string_view name);

// The state of the kernel a case's answer may depend on.
struct BadInputContext {
  Generation generation = Generation::kLinux7_2;
  bool homogeneous_harts = true;  // QEMU virt harts are identical
  bool hwprobe_ready = true;      // set by the late initcall, long before /init
  bool crng_ready = true;
};

// What the vDSO does in `bad_case` in `context`: the case's answer, or kFallback when its
// condition does not hold. Never kReturns for a conditional case whose condition fails.
VdsoBadInputAnswer ExpectedVdsoAnswer(const BadInputCase& bad_case, const BadInputContext& context);

}  // namespace vdsoconf::ref
