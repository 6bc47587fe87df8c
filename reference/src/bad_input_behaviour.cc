#include "vdsoconf/reference/bad_input_behaviour.h"

#include <array>

#include "vdsoconf/reference/linux_errno.h"

namespace vdsoconf::ref {
namespace {

using enum VdsoBadInputAnswer;
using enum VdsoCondition;

constexpr std::int64_t kFault = -kEfault;
constexpr std::int64_t kInval = -kEinval;

// {name, entry, vdso answer, vdso return, syscall return, condition, compare outputs}
constexpr std::array kCases{
    BadInputCase{"clock_gettime.monotonic.null", "clock_gettime", kFaults, 0, kFault, kNone, false},
    BadInputCase{"clock_gettime.monotonic.unmapped", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.monotonic.prot_none", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.monotonic.read_only", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.realtime_coarse.read_only", "clock_gettime", kFaults, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_gettime.monotonic_raw.null", "clock_gettime", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.process_cputime.null", "clock_gettime", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_gettime.process_cputime.read_only", "clock_gettime", kFallback, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_gettime.id_24.valid", "clock_gettime", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_gettime.id_24.null", "clock_gettime", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_gettime.id_1000.valid", "clock_gettime", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"clock_gettime.id_int_max.valid", "clock_gettime", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"clock_gettime.id_int_min.valid", "clock_gettime", kFallback, 0, std::nullopt,
                 kNone, false},
    BadInputCase{"clock_getres.monotonic.null", "clock_getres", kReturns, 0, 0, kNone, false},
    BadInputCase{"clock_getres.monotonic.unmapped", "clock_getres", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_getres.monotonic.read_only", "clock_getres", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"clock_getres.realtime_coarse.prot_none", "clock_getres", kFaults, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_getres.process_cputime.read_only", "clock_getres", kFallback, 0, kFault,
                 kNone, false},
    BadInputCase{"clock_getres.id_24.null", "clock_getres", kFallback, 0, kInval, kNone, false},
    BadInputCase{"clock_getres.id_int_max.null", "clock_getres", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_null.tz_null", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_null.tz_valid", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_valid.tz_null", "gettimeofday", kReturns, 0, 0, kNone, false},
    BadInputCase{"gettimeofday.tv_unmapped.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_prot_none.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_read_only.tz_null", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_valid.tz_read_only", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"gettimeofday.tv_null.tz_unmapped", "gettimeofday", kFaults, 0, kFault, kNone,
                 false},
    BadInputCase{"getcpu.cpu_null.node_null", "getcpu", kFallback, 0, 0, kNone, false},
    BadInputCase{"getcpu.cpu_unmapped", "getcpu", kFallback, 0, kFault, kNone, false},
    BadInputCase{"getcpu.cpu_read_only", "getcpu", kFallback, 0, kFault, kNone, false},
    BadInputCase{"getcpu.node_prot_none", "getcpu", kFallback, 0, kFault, kNone, false},
    BadInputCase{"getcpu.cache_unmapped", "getcpu", kFallback, 0, 0, kNone, false},
    BadInputCase{"riscv_hwprobe.pairs_null.count_1", "riscv_hwprobe", kFaults, 0, kFault,
                 kHwprobeReady, false},
    BadInputCase{"riscv_hwprobe.pairs_null.count_0", "riscv_hwprobe", kReturns, 0, 0, kNone, false},
    BadInputCase{"riscv_hwprobe.pairs_unmapped.count_1", "riscv_hwprobe", kFaults, 0, kFault,
                 kHwprobeReady, false},
    BadInputCase{"riscv_hwprobe.pairs_prot_none.count_1", "riscv_hwprobe", kFaults, 0, kFault,
                 kHwprobeReady, false},
    BadInputCase{"riscv_hwprobe.pairs_read_only.count_1", "riscv_hwprobe", kFaults, 0, kFault,
                 kHwprobeReady, false},
    BadInputCase{"riscv_hwprobe.key_1000", "riscv_hwprobe", kReturns, 0, 0, kHwprobeReady, true},
    BadInputCase{"riscv_hwprobe.key_int64_max", "riscv_hwprobe", kReturns, 0, 0, kHwprobeReady,
                 true},
    BadInputCase{"riscv_hwprobe.key_minus_5", "riscv_hwprobe", kReturns, 0, 0, kHwprobeReady, true},
    BadInputCase{"riscv_hwprobe.count_2_into_guard", "riscv_hwprobe", kFaults, 0, kFault,
                 kHwprobeReady, false},
    BadInputCase{"riscv_hwprobe.count_wraps", "riscv_hwprobe", kReturns, 0, kFault, kHwprobeReady,
                 false},
    BadInputCase{"riscv_hwprobe.cpus_unmapped.size_8", "riscv_hwprobe", kReturns, 0, kFault,
                 kHomogeneousHarts, false},
    BadInputCase{"riscv_hwprobe.cpus_empty.size_8", "riscv_hwprobe", kReturns, 0, kInval,
                 kHomogeneousHarts, false},
    BadInputCase{"riscv_hwprobe.flags_2", "riscv_hwprobe", kFallback, 0, kInval, kNone, false},
    BadInputCase{"riscv_hwprobe.flags_huge", "riscv_hwprobe", kFallback, 0, kInval, kNone, false},
    BadInputCase{"riscv_hwprobe.flags_which_cpus.cpus_null", "riscv_hwprobe", kFallback, 0,
                 std::nullopt, kNone, false},
    BadInputCase{"getrandom.flags_bad.state_null", "getrandom", kFallback, 0, kInval, kNone, false},
    BadInputCase{"getrandom.buffer_null.state_null", "getrandom", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"getrandom.buffer_read_only.state_null", "getrandom", kFallback, 0, kFault, kNone,
                 false},
    BadInputCase{"getrandom.len_huge.state_null", "getrandom", kFallback, 0, std::nullopt, kNone,
                 false},
    BadInputCase{"getrandom.buffer_read_only.state_valid", "getrandom", kFaults, 0, kFault,
                 kCrngReady, false},
    BadInputCase{"getrandom.flags_bad.state_valid", "getrandom", kFallback, 0, kInval, kNone,
                 false},
    BadInputCase{"flush_icache.flags_0", "flush_icache", kFallback, 0, 0, kNone, false},
    BadInputCase{"flush_icache.flags_2", "flush_icache", kFallback, 0, kInval, kNone, false},
};

bool ConditionHolds(VdsoCondition condition, const BadInputContext& context) {
  switch (condition) {
    case kNone:
      return true;
    case kHomogeneousHarts:
      return context.homogeneous_harts &&
             (context.generation != Generation::kLinux7_2 || context.hwprobe_ready);
    case kHwprobeReady:
      return context.generation != Generation::kLinux7_2 || context.hwprobe_ready;
    case kCrngReady:
      return context.crng_ready;
  }
  return false;
}

}  // namespace

std::span<const BadInputCase> AllBadInputCases() {
  return kCases;
}

const BadInputCase* FindBadInputCase(std::string_view name) {
  for (const BadInputCase& bad_case : kCases) {
    if (bad_case.name == name) return &bad_case;
  }
  return nullptr;
}

VdsoBadInputAnswer ExpectedVdsoAnswer(const BadInputCase& bad_case,
                                      const BadInputContext& context) {
  return ConditionHolds(bad_case.condition, context) ? bad_case.vdso : kFallback;
}

}  // namespace vdsoconf::ref
