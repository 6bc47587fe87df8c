// Calls every vDSO entry point and its syscall with bad arguments (NULL, unmapped, PROT_NONE and
// read-only outputs; invalid clock ids; odd gettimeofday tv/tz pairs; getrandom flags and
// lengths; the architecture's own entry points' keys, counts and flags) and records each raw
// answer: the return value, or the signal that stopped the vDSO call. The case names and arguments
// are the ones of ref::AllBadInputCases (reference/.../bad_input_behaviour.h); the host judges
// them. They run in one forked child that survives vDSO faults (bad_input_batch.h), in the order of
// arch::EntryPoints(); the architecture's own entry points bring their cases with them.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "../arch_hooks.h"
#include "../bad_input_batch.h"
#include "../kernel_return.h"
#include "../mremap_forked_steps.h"
#include "../probe_runner.h"
#include "../vdso_functions.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

constexpr std::uint64_t kBatchTimeoutMs = 5000;
constexpr unsigned kGrndInsecure = 4;
constexpr unsigned kGrndNonblock = 1;

void ClockCase(BadInputBatch& batch, const char* name, long clock, void* ts, bool getres, long nr) {
  const auto vdso_call = getres ? batch.vdso.clock_getres : batch.vdso.clock_gettime;
  const BadInputAnswer vdso = Protected(vdso_call != nullptr, [&](BadInputAnswer& answer) {
    answer.ret = vdso_call(static_cast<clockid_t>(clock), static_cast<struct timespec*>(ts));
  });
  BadInputAnswer syscall_answer;
  syscall_answer.ret = KernelReturn(syscall(nr, clock, ts));
  EmitBadInputCase(batch, name, vdso, syscall_answer);
}

void ClockGettimeCases(BadInputBatch& batch, long nr) {
  BadInputArena& a = batch.arena;
  struct {
    const char* name;
    long clock;
    void* ts;
  } const gettime[] = {
      {"clock_gettime.monotonic.null", CLOCK_MONOTONIC, nullptr},
      {"clock_gettime.monotonic.unmapped", CLOCK_MONOTONIC, a.unmapped},
      {"clock_gettime.monotonic.prot_none", CLOCK_MONOTONIC, a.prot_none},
      {"clock_gettime.monotonic.read_only", CLOCK_MONOTONIC, a.read_only},
      {"clock_gettime.realtime_coarse.read_only", CLOCK_REALTIME_COARSE, a.read_only},
      {"clock_gettime.monotonic_raw.null", CLOCK_MONOTONIC_RAW, nullptr},
      {"clock_gettime.process_cputime.null", CLOCK_PROCESS_CPUTIME_ID, nullptr},
      {"clock_gettime.process_cputime.read_only", CLOCK_PROCESS_CPUTIME_ID, a.read_only},
      {"clock_gettime.id_24.valid", 24, a.valid},
      {"clock_gettime.id_24.null", 24, nullptr},
      {"clock_gettime.id_1000.valid", 1000, a.valid},
      {"clock_gettime.id_int_max.valid", INT_MAX, a.valid},
      {"clock_gettime.id_int_min.valid", INT_MIN, a.valid},
  };
  for (const auto& c : gettime) ClockCase(batch, c.name, c.clock, c.ts, false, nr);
}

void ClockGetresCases(BadInputBatch& batch, long nr) {
  BadInputArena& a = batch.arena;
  struct {
    const char* name;
    long clock;
    void* res;
  } const getres[] = {
      {"clock_getres.monotonic.null", CLOCK_MONOTONIC, nullptr},
      {"clock_getres.monotonic.unmapped", CLOCK_MONOTONIC, a.unmapped},
      {"clock_getres.monotonic.read_only", CLOCK_MONOTONIC, a.read_only},
      {"clock_getres.realtime_coarse.prot_none", CLOCK_REALTIME_COARSE, a.prot_none},
      {"clock_getres.process_cputime.read_only", CLOCK_PROCESS_CPUTIME_ID, a.read_only},
      {"clock_getres.id_24.null", 24, nullptr},
      {"clock_getres.id_int_max.null", INT_MAX, nullptr},
  };
  for (const auto& c : getres) ClockCase(batch, c.name, c.clock, c.res, true, nr);
}

void GettimeofdayCases(BadInputBatch& batch, long nr) {
  BadInputArena& a = batch.arena;
  void* tv_valid = a.valid;
  void* tz_valid = a.valid + 64;
  struct {
    const char* name;
    void* tv;
    void* tz;
  } const cases[] = {
      {"gettimeofday.tv_null.tz_null", nullptr, nullptr},
      {"gettimeofday.tv_null.tz_valid", nullptr, tz_valid},
      {"gettimeofday.tv_valid.tz_null", tv_valid, nullptr},
      {"gettimeofday.tv_unmapped.tz_null", a.unmapped, nullptr},
      {"gettimeofday.tv_prot_none.tz_null", a.prot_none, nullptr},
      {"gettimeofday.tv_read_only.tz_null", a.read_only, nullptr},
      {"gettimeofday.tv_valid.tz_read_only", tv_valid, a.read_only},
      {"gettimeofday.tv_null.tz_unmapped", nullptr, a.unmapped},
  };
  for (const auto& c : cases) {
    const BadInputAnswer vdso =
        Protected(batch.vdso.gettimeofday != nullptr, [&](BadInputAnswer& answer) {
          answer.ret = batch.vdso.gettimeofday(static_cast<struct timeval*>(c.tv),
                                               static_cast<struct timezone*>(c.tz));
        });
    BadInputAnswer syscall_answer;
    syscall_answer.ret = KernelReturn(syscall(nr, c.tv, c.tz));
    EmitBadInputCase(batch, c.name, vdso, syscall_answer);
  }
}

void GetcpuCases(BadInputBatch& batch, long nr) {
  BadInputArena& a = batch.arena;
  struct {
    const char* name;
    void* cpu;
    void* node;
    void* cache;
  } const cases[] = {
      {"getcpu.cpu_null.node_null", nullptr, nullptr, nullptr},
      {"getcpu.cpu_unmapped", a.unmapped, nullptr, nullptr},
      {"getcpu.cpu_read_only", a.read_only, nullptr, nullptr},
      {"getcpu.node_prot_none", nullptr, a.prot_none, nullptr},
      {"getcpu.cache_unmapped", nullptr, nullptr, a.unmapped},
  };
  for (const auto& c : cases) {
    const BadInputAnswer vdso =
        Protected(batch.vdso.getcpu != nullptr, [&](BadInputAnswer& answer) {
          answer.ret = batch.vdso.getcpu(static_cast<unsigned*>(c.cpu),
                                         static_cast<unsigned*>(c.node), c.cache);
        });
    BadInputAnswer syscall_answer;
    syscall_answer.ret = KernelReturn(syscall(nr, c.cpu, c.node, c.cache));
    EmitBadInputCase(batch, c.name, vdso, syscall_answer);
  }
}

// The opaque state the vDSO getrandom wants, allocated the way its parameters say (the
// vgetrandom_opaque_params query: buffer NULL, length 0, flags 0, opaque_len ~0).
void* AllocateGetrandomState(BadInputBatch& batch, std::size_t& state_size) {
  std::uint32_t params[16] = {};
  if (batch.vdso.getrandom(nullptr, 0, 0, params, ~std::size_t{0}) != 0) return nullptr;
  state_size = params[0];
  void* state = mmap(nullptr, batch.arena.page, static_cast<int>(params[1]),
                     static_cast<int>(params[2]), -1, 0);
  return state == MAP_FAILED ? nullptr : state;
}

void GetrandomCases(BadInputBatch& batch, long nr) {
  if (batch.vdso.getrandom == nullptr) {
    for (const char* name :
         {"getrandom.flags_bad.state_null", "getrandom.buffer_null.state_null",
          "getrandom.buffer_read_only.state_null", "getrandom.len_huge.state_null",
          "getrandom.buffer_read_only.state_valid", "getrandom.flags_bad.state_valid"}) {
      BadInputAnswer syscall_answer;
      EmitBadInputCase(batch, name, BadInputAnswer{}, syscall_answer);
    }
    return;
  }
  BadInputArena& a = batch.arena;
  std::size_t state_size = 0;
  void* state = AllocateGetrandomState(batch, state_size);
  std::uint8_t* tail = a.prot_none - 32;  // 32 writable bytes, then PROT_NONE
  struct {
    const char* name;
    void* buffer;
    std::size_t length;
    unsigned flags;
    bool with_state;
  } const cases[] = {
      {"getrandom.flags_bad.state_null", a.valid, 16, 0x100, false},
      {"getrandom.buffer_null.state_null", nullptr, 16, kGrndInsecure, false},
      {"getrandom.buffer_read_only.state_null", a.read_only, 16, kGrndInsecure, false},
      {"getrandom.len_huge.state_null", tail, SIZE_MAX, kGrndInsecure, false},
      {"getrandom.buffer_read_only.state_valid", a.read_only, 16, kGrndInsecure, true},
      {"getrandom.flags_bad.state_valid", a.valid, 16, 0x100, true},
  };
  for (const auto& c : cases) {
    const BadInputAnswer vdso = Protected(true, [&](BadInputAnswer& answer) {
      answer.ret = batch.vdso.getrandom(c.buffer, c.length, c.flags, c.with_state ? state : nullptr,
                                        c.with_state ? state_size : 0);
    });
    BadInputAnswer syscall_answer;
    syscall_answer.ret = KernelReturn(syscall(nr, c.buffer, c.length, c.flags));
    EmitBadInputCase(batch, c.name, vdso, syscall_answer);
  }
}

void RunBatch(int fd, void*) {
  BadInputBatch batch;
  batch.fd = fd;
  batch.last_case_us = MonotonicNowNs() / 1000;
  std::string error;
  if (!ResolveCurrentVdsoFunctions(batch.vdso, error) || !MakeBadInputArena(batch.arena)) {
    EmitStep(fd, "{\"setup_failed\":true}");
    return;
  }
  // Whether the crng is ready decides whether the vDSO getrandom answers itself.
  char byte;
  const std::int64_t probe = KernelReturn(syscall(SYS_getrandom, &byte, 1, kGrndNonblock));
  EmitStep(fd, std::string("{\"crng_ready\":") + (probe == 1 ? "true" : "false") + "}");
  ArmBadInputFaultHandler();
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    switch (entries[i].kind) {
      case EntryKind::kClockGettime:
        ClockGettimeCases(batch, entries[i].syscall);
        break;
      case EntryKind::kClockGetres:
        ClockGetresCases(batch, entries[i].syscall);
        break;
      case EntryKind::kGettimeofday:
        GettimeofdayCases(batch, entries[i].syscall);
        break;
      case EntryKind::kGetcpu:
        GetcpuCases(batch, entries[i].syscall);
        break;
      case EntryKind::kGetrandom:
        GetrandomCases(batch, entries[i].syscall);
        break;
      case EntryKind::kOwn:
        if (entries[i].own->bad_input != nullptr) {
          entries[i].own->bad_input(batch, batch.vdso.entries[i]);
        }
        break;
    }
  }
}

}  // namespace

bool ProbeVdsoBadInput(ProbeContext& context) {
  const ForkedSteps steps = RunForkedSteps(&RunBatch, nullptr, kBatchTimeoutMs);
  if (!steps.started) {
    context.error = steps.error;
    return false;
  }
  WriteForkedSteps(context.data, steps);
  return true;
}

}  // namespace vdsoconf::agent
