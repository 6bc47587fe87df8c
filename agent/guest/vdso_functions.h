// The vDSO's entry points as callable functions, for probes that compare them with syscalls.
//
// Resolved through the image's own dynamic tables (vdso_elf.h) by the names and the version the
// architecture's table gives (arch::EntryPoints(), arch::kVdsoVersion), exactly as a libc would.
// An entry point the image does not export stays nullptr; the probe reports that, it never
// guesses an address.
#pragma once

#include <sys/time.h>
#include <time.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "vdso_entries.h"

namespace vdsoconf::agent {

struct VdsoFunctions {
  using ClockGettime = int (*)(clockid_t, struct timespec*);
  using ClockGetres = int (*)(clockid_t, struct timespec*);
  using Gettimeofday = int (*)(struct timeval*, struct timezone*);
  using Getcpu = int (*)(unsigned*, unsigned*, void*);
  using Getrandom = long (*)(void* buffer, std::size_t length, unsigned flags, void* state,
                             std::size_t state_size);

  std::uint64_t base = 0;  // where the image is mapped
  ClockGettime clock_gettime = nullptr;
  ClockGetres clock_getres = nullptr;
  Gettimeofday gettimeofday = nullptr;
  Getcpu getcpu = nullptr;
  Getrandom getrandom = nullptr;
  // Every entry of arch::EntryPoints() by its index there, the generic ones included: how the
  // core reaches the architecture's own entries and asks whether an entry is exported.
  RawEntry entries[kMaxEntryPoints] = {};
};

// Resolves the entry points of the image mapped at [base, base + size). Returns false with
// `error` set when the image's dynamic tables cannot be read; a missing symbol is not an error.
bool ResolveVdsoFunctions(std::uint64_t base, std::uint64_t size, VdsoFunctions& functions,
                          std::string& error);

// The same for the [vdso] mapping of this process as /proc/self/maps shows it now (after an
// mremap this is the moved image).
bool ResolveCurrentVdsoFunctions(VdsoFunctions& functions, std::string& error);

// {"<key>": exported, ...} for every entry of arch::EntryPoints(), as member `key`.
void WriteExported(JsonWriter& json, const char* key, const VdsoFunctions& functions);

}  // namespace vdsoconf::agent
