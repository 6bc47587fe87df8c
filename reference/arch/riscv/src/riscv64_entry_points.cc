#include "vdsoconf/reference/riscv/riscv64_entry_points.h"

#include <array>

namespace vdsoconf::ref::riscv {
namespace {

// Syscall numbers: include/uapi/asm-generic/unistd.h and scripts/syscall.tbl ("riscv" ABI for
// the arch-specific ones: __NR_arch_specific_syscall 244 + 14 and + 15).
constexpr int kNrClockGettime = 113;
constexpr int kNrClockGetres = 114;
constexpr int kNrRtSigreturn = 139;
constexpr int kNrGetcpu = 168;
constexpr int kNrGettimeofday = 169;
constexpr int kNrRiscvHwprobe = 258;
constexpr int kNrRiscvFlushIcache = 259;
constexpr int kNrGetrandom = 278;

constexpr EntryPoint kRtSigreturn = {"__vdso_rt_sigreturn",
                                     kVdsoSymbolVersion,
                                     EntryBehaviour::kSignalReturn,
                                     kNrRtSigreturn,
                                     "void __vdso_rt_sigreturn(void)",
                                     "rt_sigreturn.S"};
constexpr EntryPoint kGettimeofday = {
    "__vdso_gettimeofday",
    kVdsoSymbolVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrGettimeofday,
    "int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)",
    "vgettimeofday.c"};
constexpr EntryPoint kClockGettime = {
    "__vdso_clock_gettime",
    kVdsoSymbolVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrClockGettime,
    "int __vdso_clock_gettime(clockid_t clock, struct __kernel_timespec *ts)",
    "vgettimeofday.c"};
constexpr EntryPoint kClockGetres = {
    "__vdso_clock_getres",
    kVdsoSymbolVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrClockGetres,
    "int __vdso_clock_getres(clockid_t clock_id, struct __kernel_timespec *res)",
    "vgettimeofday.c"};
constexpr EntryPoint kGetcpu = {"__vdso_getcpu",
                                kVdsoSymbolVersion,
                                EntryBehaviour::kSyscallPassthrough,
                                kNrGetcpu,
                                "int __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)",
                                "getcpu.S"};
constexpr EntryPoint kFlushIcache = {
    kFlushIcacheSymbol,
    kVdsoSymbolVersion,
    EntryBehaviour::kArchOwn,
    kNrRiscvFlushIcache,
    "int __vdso_flush_icache(void *start, void *end, unsigned long flags)",
    "flush_icache.S"};
constexpr EntryPoint kRiscvHwprobe = {
    kHwprobeSymbol,
    kVdsoSymbolVersion,
    EntryBehaviour::kArchOwn,
    kNrRiscvHwprobe,
    "int __vdso_riscv_hwprobe(struct riscv_hwprobe *pairs, size_t pair_count, size_t "
    "cpusetsize, unsigned long *cpus, unsigned int flags)",
    "hwprobe.c"};
constexpr EntryPoint kGetrandom = {
    "__vdso_getrandom",
    kVdsoSymbolVersion,
    EntryBehaviour::kGetrandom,
    kNrGetrandom,
    "ssize_t __vdso_getrandom(void *buffer, size_t len, unsigned int flags, void "
    "*opaque_state, size_t opaque_len)",
    "getrandom.c"};

constexpr std::array kLinux6_1 = {kRtSigreturn, kGettimeofday, kClockGettime,
                                  kClockGetres, kGetcpu,       kFlushIcache};
constexpr std::array kLinux6_12 = {kRtSigreturn, kGettimeofday, kClockGettime, kClockGetres,
                                   kGetcpu,      kFlushIcache,  kRiscvHwprobe};
constexpr std::array kLinux7_2 = {kRtSigreturn, kGettimeofday, kClockGettime, kClockGetres,
                                  kGetcpu,      kFlushIcache,  kRiscvHwprobe, kGetrandom};

}  // namespace

std::span<const EntryPoint> VdsoEntryPoints(Generation generation) {
  switch (generation) {
    case Generation::kLinux6_1:
      return kLinux6_1;
    case Generation::kLinux6_12:
      return kLinux6_12;
    case Generation::kLinux7_2:
      return kLinux7_2;
  }
  return kLinux6_1;
}

const EntryPoint* FindVdsoEntryPoint(Generation generation, std::string_view name) {
  return FindEntryPoint(VdsoEntryPoints(generation), name);
}

FlushIcacheBehaviour ModelVdsoFlushIcache(bool config_smp) {
  if (config_smp) return {true, kNrRiscvFlushIcache, 0};
  return {false, 0, 0};
}

bool OwnEntryIssuesSyscall(std::string_view name, bool config_smp) {
  if (name == kFlushIcacheSymbol) return ModelVdsoFlushIcache(config_smp).issues_syscall;
  return false;  // riscv_hwprobe: the probe issues the syscall first, which makes 7.2's data ready
}

}  // namespace vdsoconf::ref::riscv
