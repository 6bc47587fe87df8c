// Calls every vDSO entry point and its syscall with bad arguments (NULL, unmapped, PROT_NONE and
// read-only outputs; invalid clock ids; odd gettimeofday tv/tz pairs; hwprobe keys, counts, cpu
// sets and flags; getrandom flags and lengths) and records each raw answer: the return value, or
// the signal that stopped the vDSO call. The case names and arguments are the ones of
// ref::AllBadInputCases (reference/.../bad_input_behaviour.h); the host judges them.
//
// All cases run in one forked child (fork costs milliseconds under TCG): a SIGSEGV/SIGBUS
// handler records the fault and siglongjmps back, so one faulting case does not end the batch.
// The syscalls never fault (the kernel checks user pointers), so they need no protection.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include "../mremap_forked_steps.h"
#include "../probe_runner.h"
#include "../vdso_functions.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

constexpr std::uint64_t kBatchTimeoutMs = 5000;
constexpr unsigned kGrndInsecure = 4;
constexpr unsigned kGrndNonblock = 1;
constexpr unsigned kHwprobeWhichCpus = 1;
constexpr long kSysRiscvHwprobe = 258;  // __NR_riscv_hwprobe, absent from older libc headers

sigjmp_buf g_fault_return;
volatile sig_atomic_t g_fault_signal = 0;
volatile sig_atomic_t g_fault_code = 0;
void* volatile g_fault_address = nullptr;

void OnFault(int signal, siginfo_t* info, void*) {
  g_fault_signal = signal;
  g_fault_code = info->si_code;
  g_fault_address = info->si_addr;
  siglongjmp(g_fault_return, 1);
}

std::int64_t RawSyscall(long result) {
  return result == -1 ? -static_cast<std::int64_t>(errno) : result;
}

// Pages with every kind of bad pointer next to good memory.
struct Arena {
  std::uint8_t* valid = nullptr;      // page 0: read-write
  std::uint8_t* prot_none = nullptr;  // page 1: PROT_NONE, right after `valid`
  std::uint8_t* read_only = nullptr;  // page 2: PROT_READ
  std::uint8_t* unmapped = nullptr;   // page 3: unmapped again
  std::size_t page = 0;
};

bool MakeArena(Arena& arena) {
  arena.page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* base =
      mmap(nullptr, 4 * arena.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return false;
  auto* bytes = static_cast<std::uint8_t*>(base);
  arena.valid = bytes;
  arena.prot_none = bytes + arena.page;
  arena.read_only = bytes + 2 * arena.page;
  arena.unmapped = bytes + 3 * arena.page;
  return mprotect(arena.prot_none, arena.page, PROT_NONE) == 0 &&
         mprotect(arena.read_only, arena.page, PROT_READ) == 0 &&
         munmap(arena.unmapped, arena.page) == 0;
}

// The answer of one side of a case, and up to two output words worth comparing.
struct Answer {
  bool ran = false;  // false: the vDSO does not export the entry point
  std::int64_t ret = 0;
  int signal = 0;
  int code = 0;
  std::uint64_t address = 0;
  std::int64_t out[2] = {0, 0};
};

struct Batch {
  int fd = -1;
  VdsoFunctions vdso;
  Arena arena;
  std::uint64_t last_case_us = 0;  // when the previous case was emitted
};

void EmitCase(Batch& batch, const char* name, const Answer& vdso, const Answer& syscall_answer) {
  // Microseconds since the previous case, so the costly cases stand out (TCG makes signals and
  // some syscalls slow).
  const std::uint64_t now_us = MonotonicNowNs() / 1000;
  JsonWriter json;
  json.BeginObject();
  json.Field("case", name);
  json.Field("elapsed_us", now_us - batch.last_case_us);
  batch.last_case_us = now_us;
  json.Key("vdso");
  if (!vdso.ran) {
    json.Null();
  } else {
    json.BeginObject();
    if (vdso.signal != 0) {
      json.Field("signal", static_cast<std::int32_t>(vdso.signal));
      json.Field("code", static_cast<std::int32_t>(vdso.code));
      json.Field("address", vdso.address);
    } else {
      json.Field("ret", vdso.ret);
      json.Key("out");
      json.BeginArray();
      json.Int(vdso.out[0]);
      json.Int(vdso.out[1]);
      json.EndArray();
    }
    json.EndObject();
  }
  json.Key("syscall");
  json.BeginObject();
  json.Field("ret", syscall_answer.ret);
  json.Key("out");
  json.BeginArray();
  json.Int(syscall_answer.out[0]);
  json.Int(syscall_answer.out[1]);
  json.EndArray();
  json.EndObject();
  json.EndObject();
  EmitStep(batch.fd, json.text());
}

// Runs `call` (which stores its return in answer.ret) with the fault handler armed.
template <typename Call>
Answer Protected(bool exported, Call call) {
  Answer answer;
  if (!exported) return answer;
  answer.ran = true;
  g_fault_signal = 0;
  if (sigsetjmp(g_fault_return, 1) == 0) {
    call(answer);
  } else {
    answer.signal = g_fault_signal;
    answer.code = g_fault_code;
    answer.address = reinterpret_cast<std::uint64_t>(g_fault_address);
  }
  return answer;
}

void ClockCase(Batch& batch, const char* name, long clock, void* ts, bool getres) {
  const auto vdso_call = getres ? batch.vdso.clock_getres : batch.vdso.clock_gettime;
  const Answer vdso = Protected(vdso_call != nullptr, [&](Answer& answer) {
    answer.ret = vdso_call(static_cast<clockid_t>(clock), static_cast<struct timespec*>(ts));
  });
  Answer syscall_answer;
  syscall_answer.ret =
      RawSyscall(syscall(getres ? SYS_clock_getres : SYS_clock_gettime, clock, ts));
  EmitCase(batch, name, vdso, syscall_answer);
}

void ClockCases(Batch& batch) {
  Arena& a = batch.arena;
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
  for (const auto& c : gettime) ClockCase(batch, c.name, c.clock, c.ts, false);
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
  for (const auto& c : getres) ClockCase(batch, c.name, c.clock, c.res, true);
}

void GettimeofdayCases(Batch& batch) {
  Arena& a = batch.arena;
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
    const Answer vdso = Protected(batch.vdso.gettimeofday != nullptr, [&](Answer& answer) {
      answer.ret = batch.vdso.gettimeofday(static_cast<struct timeval*>(c.tv),
                                           static_cast<struct timezone*>(c.tz));
    });
    Answer syscall_answer;
    syscall_answer.ret = RawSyscall(syscall(SYS_gettimeofday, c.tv, c.tz));
    EmitCase(batch, c.name, vdso, syscall_answer);
  }
}

void GetcpuCases(Batch& batch) {
  Arena& a = batch.arena;
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
    const Answer vdso = Protected(batch.vdso.getcpu != nullptr, [&](Answer& answer) {
      answer.ret =
          batch.vdso.getcpu(static_cast<unsigned*>(c.cpu), static_cast<unsigned*>(c.node), c.cache);
    });
    Answer syscall_answer;
    syscall_answer.ret = RawSyscall(syscall(SYS_getcpu, c.cpu, c.node, c.cache));
    EmitCase(batch, c.name, vdso, syscall_answer);
  }
}

struct HwprobeArguments {
  const char* name;
  std::int64_t* pairs;  // nullptr, a bad pointer, or filled by `key` when in `valid`
  std::size_t count;
  std::size_t cpusetsize;
  void* cpus;
  unsigned flags;
  std::int64_t key;  // written to pairs[0].key before each side when pairs is writable
};

void HwprobeCase(Batch& batch, const HwprobeArguments& c, bool writable_pairs) {
  const auto run = [&](Answer& answer, bool use_vdso) {
    if (writable_pairs) {
      c.pairs[0] = c.key;
      c.pairs[1] = 0x5a5a;
    }
    answer.ret = use_vdso ? batch.vdso.riscv_hwprobe(c.pairs, c.count, c.cpusetsize,
                                                     static_cast<unsigned long*>(c.cpus), c.flags)
                          : RawSyscall(syscall(kSysRiscvHwprobe, c.pairs, c.count, c.cpusetsize,
                                               c.cpus, c.flags));
    if (writable_pairs) {
      answer.out[0] = c.pairs[0];
      answer.out[1] = c.pairs[1];
    }
  };
  const Answer vdso =
      Protected(batch.vdso.riscv_hwprobe != nullptr, [&](Answer& answer) { run(answer, true); });
  Answer syscall_answer;
  run(syscall_answer, false);
  EmitCase(batch, c.name, vdso, syscall_answer);
}

void HwprobeCases(Batch& batch) {
  Arena& a = batch.arena;
  auto* pairs = reinterpret_cast<std::int64_t*>(a.valid + 256);
  // The last pair of the valid page: a second one would be in the PROT_NONE page after it.
  auto* last_pair = reinterpret_cast<std::int64_t*>(a.prot_none - 16);
  auto* empty_cpus = reinterpret_cast<unsigned long*>(a.valid + 512);
  *empty_cpus = 0;
  const HwprobeArguments writable[] = {
      {"riscv_hwprobe.pairs_null.count_0", nullptr, 0, 0, nullptr, 0, 0},
      {"riscv_hwprobe.key_1000", pairs, 1, 0, nullptr, 0, 1000},
      {"riscv_hwprobe.key_int64_max", pairs, 1, 0, nullptr, 0, INT64_MAX},
      {"riscv_hwprobe.key_minus_5", pairs, 1, 0, nullptr, 0, -5},
      {"riscv_hwprobe.count_2_into_guard", last_pair, 2, 0, nullptr, 0, 0},
      {"riscv_hwprobe.count_wraps", last_pair, std::size_t{1} << 60, 0, nullptr, 0, 0},
      {"riscv_hwprobe.cpus_unmapped.size_8", pairs, 1, 8, a.unmapped, 0, 0},
      {"riscv_hwprobe.cpus_empty.size_8", pairs, 1, 8, empty_cpus, 0, 0},
      {"riscv_hwprobe.flags_2", pairs, 1, 0, nullptr, 2, 0},
      {"riscv_hwprobe.flags_huge", pairs, 1, 0, nullptr, 0x80000000u, 0},
      {"riscv_hwprobe.flags_which_cpus.cpus_null", pairs, 1, 0, nullptr, kHwprobeWhichCpus, 0},
  };
  for (const HwprobeArguments& c : writable) HwprobeCase(batch, c, c.pairs != nullptr);
  const HwprobeArguments bad_pairs[] = {
      {"riscv_hwprobe.pairs_null.count_1", nullptr, 1, 0, nullptr, 0, 0},
      {"riscv_hwprobe.pairs_unmapped.count_1", reinterpret_cast<std::int64_t*>(a.unmapped), 1, 0,
       nullptr, 0, 0},
      {"riscv_hwprobe.pairs_prot_none.count_1", reinterpret_cast<std::int64_t*>(a.prot_none), 1, 0,
       nullptr, 0, 0},
      {"riscv_hwprobe.pairs_read_only.count_1", reinterpret_cast<std::int64_t*>(a.read_only), 1, 0,
       nullptr, 0, 0},
  };
  for (const HwprobeArguments& c : bad_pairs) HwprobeCase(batch, c, false);
}

// The opaque state the vDSO getrandom wants, allocated the way its parameters say (the
// vgetrandom_opaque_params query: buffer NULL, length 0, flags 0, opaque_len ~0).
void* AllocateGetrandomState(Batch& batch, std::size_t& state_size) {
  std::uint32_t params[16] = {};
  if (batch.vdso.getrandom(nullptr, 0, 0, params, ~std::size_t{0}) != 0) return nullptr;
  state_size = params[0];
  void* state = mmap(nullptr, batch.arena.page, static_cast<int>(params[1]),
                     static_cast<int>(params[2]), -1, 0);
  return state == MAP_FAILED ? nullptr : state;
}

void GetrandomCases(Batch& batch) {
  if (batch.vdso.getrandom == nullptr) {
    for (const char* name :
         {"getrandom.flags_bad.state_null", "getrandom.buffer_null.state_null",
          "getrandom.buffer_read_only.state_null", "getrandom.len_huge.state_null",
          "getrandom.buffer_read_only.state_valid", "getrandom.flags_bad.state_valid"}) {
      Answer syscall_answer;
      EmitCase(batch, name, Answer{}, syscall_answer);
    }
    return;
  }
  Arena& a = batch.arena;
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
    const Answer vdso = Protected(true, [&](Answer& answer) {
      answer.ret = batch.vdso.getrandom(c.buffer, c.length, c.flags, c.with_state ? state : nullptr,
                                        c.with_state ? state_size : 0);
    });
    Answer syscall_answer;
    syscall_answer.ret = RawSyscall(syscall(SYS_getrandom, c.buffer, c.length, c.flags));
    EmitCase(batch, c.name, vdso, syscall_answer);
  }
}

void FlushIcacheCases(Batch& batch) {
  Arena& a = batch.arena;
  for (const unsigned long flags : {0ul, 2ul}) {
    const char* name = flags == 0 ? "flush_icache.flags_0" : "flush_icache.flags_2";
    const Answer vdso = Protected(batch.vdso.flush_icache != nullptr, [&](Answer& answer) {
      answer.ret = batch.vdso.flush_icache(a.valid, a.valid + 64, flags);
    });
    Answer syscall_answer;
    syscall_answer.ret =
        RawSyscall(syscall(259 /* __NR_riscv_flush_icache */, a.valid, a.valid + 64, flags));
    EmitCase(batch, name, vdso, syscall_answer);
  }
}

void RunBatch(int fd, void*) {
  Batch batch;
  batch.fd = fd;
  batch.last_case_us = MonotonicNowNs() / 1000;
  std::string error;
  if (!ResolveCurrentVdsoFunctions(batch.vdso, error) || !MakeArena(batch.arena)) {
    EmitStep(fd, "{\"setup_failed\":true}");
    return;
  }
  // Whether the crng is ready decides whether the vDSO getrandom answers itself.
  char byte;
  const std::int64_t probe = RawSyscall(syscall(SYS_getrandom, &byte, 1, kGrndNonblock));
  EmitStep(fd, std::string("{\"crng_ready\":") + (probe == 1 ? "true" : "false") + "}");
  struct sigaction action {};
  action.sa_sigaction = OnFault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, nullptr);
  sigaction(SIGBUS, &action, nullptr);
  ClockCases(batch);
  GettimeofdayCases(batch);
  GetcpuCases(batch);
  HwprobeCases(batch);
  GetrandomCases(batch);
  FlushIcacheCases(batch);
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
