// The vDSO's entry points as callable functions, for probes that compare them with syscalls.
//
// Resolved through the image's own dynamic tables (vdso_elf.h) by name and the version the
// RISC-V vDSO exports them under (LINUX_4.15), exactly as a libc would. An entry point the image
// does not export stays nullptr; the probe reports that, it never guesses an address.
#pragma once

#include <sys/time.h>
#include <time.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace vdsoconf::agent {

struct VdsoFunctions {
  using ClockGettime = int (*)(clockid_t, struct timespec*);
  using ClockGetres = int (*)(clockid_t, struct timespec*);
  using Gettimeofday = int (*)(struct timeval*, struct timezone*);
  using Getcpu = int (*)(unsigned*, unsigned*, void*);
  using RiscvHwprobe = long (*)(void* pairs, std::size_t pair_count, std::size_t cpusetsize,
                                unsigned long* cpus, unsigned flags);
  using Getrandom = long (*)(void* buffer, std::size_t length, unsigned flags, void* state,
                             std::size_t state_size);
  using FlushIcache = long (*)(void* start, void* end, unsigned long flags);

  std::uint64_t base = 0;  // where the image is mapped
  ClockGettime clock_gettime = nullptr;
  ClockGetres clock_getres = nullptr;
  Gettimeofday gettimeofday = nullptr;
  Getcpu getcpu = nullptr;
  RiscvHwprobe riscv_hwprobe = nullptr;
  Getrandom getrandom = nullptr;
  FlushIcache flush_icache = nullptr;
};

// The version every RISC-V vDSO entry point is defined under.
inline constexpr const char* kRiscvVdsoVersion = "LINUX_4.15";

// Resolves the entry points of the image mapped at [base, base + size). Returns false with
// `error` set when the image's dynamic tables cannot be read; a missing symbol is not an error.
bool ResolveVdsoFunctions(std::uint64_t base, std::uint64_t size, VdsoFunctions& functions,
                          std::string& error);

// The same for the [vdso] mapping of this process as /proc/self/maps shows it now (after an
// mremap this is the moved image).
bool ResolveCurrentVdsoFunctions(VdsoFunctions& functions, std::string& error);

}  // namespace vdsoconf::agent
