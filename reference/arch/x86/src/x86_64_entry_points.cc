#include "x86_64_entry_points.h"

#include <array>

namespace vdsoconf::ref::x86 {
namespace {

constexpr std::string_view kVersion = "LINUX_2.6";

// arch/x86/entry/syscalls/syscall_64.tbl ("common" and "64" ABIs).
constexpr int kNrGettimeofday = 96;
constexpr int kNrTime = 201;
constexpr int kNrClockGettime = 228;
constexpr int kNrClockGetres = 229;
constexpr int kNrGetcpu = 309;
constexpr int kNrGetrandom = 318;

constexpr EntryPoint kClockGettime = {
    "__vdso_clock_gettime",
    kVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrClockGettime,
    "int __vdso_clock_gettime(clockid_t clock, struct __kernel_timespec *ts)",
    "vclock_gettime.c"};
constexpr EntryPoint kGettimeofday = {
    "__vdso_gettimeofday",
    kVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrGettimeofday,
    "int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)",
    "vclock_gettime.c"};
constexpr EntryPoint kGetcpu = {"__vdso_getcpu",
                                kVersion,
                                EntryBehaviour::kArchOwn,
                                kNrGetcpu,
                                "long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)",
                                "vgetcpu.c"};
// lib/vdso's __cvdso_time: the coarse REALTIME seconds, read without the seqlock; it has no
// syscall fallback (kNrTime is the syscall whose answer it gives).
constexpr EntryPoint kTime = {"__vdso_time",
                              kVersion,
                              EntryBehaviour::kClockAlgorithm,
                              kNrTime,
                              "__kernel_old_time_t __vdso_time(__kernel_old_time_t *t)",
                              "vclock_gettime.c"};
constexpr EntryPoint kClockGetres = {
    "__vdso_clock_getres",
    kVersion,
    EntryBehaviour::kClockAlgorithm,
    kNrClockGetres,
    "int __vdso_clock_getres(clockid_t clock, struct __kernel_timespec *res)",
    "vclock_gettime.c"};
constexpr EntryPoint kGetrandom = {
    "__vdso_getrandom",
    kVersion,
    EntryBehaviour::kGetrandom,
    kNrGetrandom,
    "ssize_t __vdso_getrandom(void *buffer, size_t len, unsigned int flags, void "
    "*opaque_state, size_t opaque_len)",
    "vgetrandom.c"};

// vdso.lds.S order.
constexpr std::array kLinux6_1 = {kClockGettime, kGettimeofday, kGetcpu, kTime, kClockGetres};
constexpr std::array kLinux6_12 = {kClockGettime, kGettimeofday, kGetcpu,
                                   kTime,         kClockGetres,  kGetrandom};

}  // namespace

std::span<const EntryPoint> VdsoEntryPoints(Generation generation) {
  switch (generation) {
    case Generation::kLinux6_1:
      return kLinux6_1;
    case Generation::kLinux6_12:
    case Generation::kLinux7_2:
      return kLinux6_12;
  }
  return kLinux6_1;
}

bool OwnEntryIssuesSyscall(std::string_view, bool) {
  return false;
}

}  // namespace vdsoconf::ref::x86
