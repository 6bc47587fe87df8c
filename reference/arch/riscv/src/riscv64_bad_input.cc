#include "vdsoconf/reference/riscv/riscv64_bad_input.h"

#include <array>

#include "vdsoconf/reference/linux_errno.h"

namespace vdsoconf::ref::riscv {
namespace {

using enum VdsoBadInputAnswer;

constexpr VdsoCondition kNone = nullptr;
constexpr VdsoCondition kHwprobeReady = &HwprobeReady;
constexpr VdsoCondition kHomogeneousHarts = &HomogeneousHarts;

constexpr std::int64_t kFault = -kEfault;
constexpr std::int64_t kInval = -kEinval;

// {name, entry, vdso answer, vdso return, syscall return, condition, compare outputs}
constexpr std::array kCases{
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
    BadInputCase{"flush_icache.flags_0", "flush_icache", kFallback, 0, 0, kNone, false},
    BadInputCase{"flush_icache.flags_2", "flush_icache", kFallback, 0, kInval, kNone, false},
};

constexpr std::array<std::string_view, 1> kAssumed = {kHomogeneousHartsFact};

}  // namespace

bool HwprobeReady(const BadInputContext& context) {
  return context.generation != Generation::kLinux7_2 || context.ArchFactHolds(kHwprobeReadyFact);
}

bool HomogeneousHarts(const BadInputContext& context) {
  return context.ArchFactHolds(kHomogeneousHartsFact) && HwprobeReady(context);
}

std::span<const BadInputCase> BadInputCases() {
  return kCases;
}

std::span<const std::string_view> AssumedBadInputFacts() {
  return kAssumed;
}

}  // namespace vdsoconf::ref::riscv
