#include "diff_matrix.h"

#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "json_writer.h"

namespace vdsoconf::agent {
namespace {

constexpr std::uint64_t kHwprobeWhichCpus = 1;
constexpr std::int64_t kHwprobeKeyImaExt0 = 4;
constexpr int kSysRiscvHwprobe = 258;
constexpr int kSysRiscvFlushIcache = 259;
constexpr std::size_t kGetrandomLength = 32;

// The kernel's own return value: glibc's syscall() turns -E into -1 with errno E.
long KernelReturn(long glibc_return) {
  return glibc_return == -1 ? -static_cast<long>(errno) : glibc_return;
}

template <typename T>
void FillSentinel(T& object) {
  std::memset(&object, kOutputSentinel, sizeof(object));
}

TimeAnswer FromTimespec(long ret, const struct timespec& ts) {
  return {ret, static_cast<std::int64_t>(ts.tv_sec), static_cast<std::int64_t>(ts.tv_nsec)};
}

TimeAnswer SyscallClock(long nr, clockid_t clock) {
  struct timespec ts;
  FillSentinel(ts);
  const long ret = KernelReturn(syscall(nr, clock, &ts));
  return FromTimespec(ret, ts);
}

void RunClocks(const VdsoFunctions& functions, DiffMatrix& matrix) {
  for (std::size_t i = 0; i < kClockIdCount; ++i) {
    const auto clock = static_cast<clockid_t>(kFirstClockId + static_cast<std::int32_t>(i));
    if (functions.clock_gettime != nullptr) {
      ClockRow& row = matrix.clock_gettime[i];
      row.clock = clock;
      row.before = SyscallClock(SYS_clock_gettime, clock);
      struct timespec ts;
      FillSentinel(ts);
      const int ret = functions.clock_gettime(clock, &ts);
      row.vdso = FromTimespec(ret, ts);
      row.after = SyscallClock(SYS_clock_gettime, clock);
    }
    if (functions.clock_getres != nullptr) {
      GetresRow& row = matrix.clock_getres[i];
      row.clock = clock;
      row.syscall = SyscallClock(SYS_clock_getres, clock);
      struct timespec ts;
      FillSentinel(ts);
      const int ret = functions.clock_getres(clock, &ts);
      row.vdso = FromTimespec(ret, ts);
    }
  }
}

GettimeofdayAnswer FromTimeval(long ret, const struct timeval& tv, const struct timezone& tz) {
  return {{ret, static_cast<std::int64_t>(tv.tv_sec), static_cast<std::int64_t>(tv.tv_usec)},
          tz.tz_minuteswest,
          tz.tz_dsttime};
}

GettimeofdayAnswer CallGettimeofday(const VdsoFunctions* vdso, bool tv_present, bool tz_present) {
  struct timeval tv;
  struct timezone tz;
  FillSentinel(tv);
  FillSentinel(tz);
  struct timeval* tv_arg = tv_present ? &tv : nullptr;
  struct timezone* tz_arg = tz_present ? &tz : nullptr;
  const long ret = vdso != nullptr ? vdso->gettimeofday(tv_arg, tz_arg)
                                   : KernelReturn(syscall(SYS_gettimeofday, tv_arg, tz_arg));
  return FromTimeval(ret, tv, tz);
}

void RunGettimeofday(const VdsoFunctions& functions, DiffMatrix& matrix) {
  if (functions.gettimeofday == nullptr) return;
  for (std::size_t i = 0; i < 4; ++i) {
    GettimeofdayRow& row = matrix.gettimeofday[i];
    row.tv_present = (i & 1) == 0;
    row.tz_present = (i & 2) == 0;
    row.before = CallGettimeofday(nullptr, row.tv_present, row.tz_present);
    row.vdso = CallGettimeofday(&functions, row.tv_present, row.tz_present);
    row.after = CallGettimeofday(nullptr, row.tv_present, row.tz_present);
  }
}

GetcpuAnswer CallGetcpu(const VdsoFunctions* vdso, bool pointers_present) {
  unsigned cpu, node;
  FillSentinel(cpu);
  FillSentinel(node);
  unsigned* cpu_arg = pointers_present ? &cpu : nullptr;
  unsigned* node_arg = pointers_present ? &node : nullptr;
  const long ret = vdso != nullptr ? vdso->getcpu(cpu_arg, node_arg, nullptr)
                                   : KernelReturn(syscall(SYS_getcpu, cpu_arg, node_arg, nullptr));
  return {ret, cpu, node};
}

void RunGetcpu(const VdsoFunctions& functions, DiffMatrix& matrix) {
  if (functions.getcpu == nullptr) return;
  for (std::size_t i = 0; i < 2; ++i) {
    GetcpuRow& row = matrix.getcpu[i];
    row.pointers_present = i == 0;
    row.before = CallGetcpu(nullptr, row.pointers_present);
    row.vdso = CallGetcpu(&functions, row.pointers_present);
    row.after = CallGetcpu(nullptr, row.pointers_present);
  }
}

struct HwprobePair {
  std::int64_t key;
  std::uint64_t value;
};

HwprobeAnswer CallHwprobe(const VdsoFunctions* vdso, const HwprobeRow& row,
                          const std::int64_t* keys, const std::uint64_t* values) {
  HwprobePair pairs[kHwprobeKeyCount];
  for (std::size_t i = 0; i < row.pair_count; ++i) pairs[i] = {keys[i], values[i]};
  std::uint64_t cpus = row.cpus;
  std::uint64_t* cpus_arg = row.cpusetsize != 0 ? &cpus : nullptr;
  const long ret = vdso != nullptr
                       ? vdso->riscv_hwprobe(pairs, row.pair_count, row.cpusetsize,
                                             reinterpret_cast<unsigned long*>(cpus_arg), row.flags)
                       : KernelReturn(syscall(kSysRiscvHwprobe, pairs, row.pair_count,
                                              row.cpusetsize, cpus_arg, row.flags));
  HwprobeAnswer answer;
  answer.ret = ret;
  for (std::size_t i = 0; i < row.pair_count; ++i) {
    answer.keys[i] = pairs[i].key;
    answer.values[i] = pairs[i].value;
  }
  answer.cpus_after = cpus;
  return answer;
}

std::uint64_t AffinityMask() {
  std::uint64_t mask = 0;
  // The raw syscall: glibc's wrapper wants a cpu_set_t, and the first 64 CPUs are plenty here.
  if (syscall(SYS_sched_getaffinity, 0, sizeof(mask), &mask) < 0) mask = 1;
  return mask;
}

void RunHwprobe(const VdsoFunctions& functions, DiffMatrix& matrix) {
  if (functions.riscv_hwprobe == nullptr) return;
  std::int64_t keys[kHwprobeKeyCount];
  std::uint64_t values[kHwprobeKeyCount] = {};
  keys[0] = -1;
  for (std::size_t i = 1; i < kHwprobeKeyCount; ++i) keys[i] = static_cast<std::int64_t>(i) - 1;
  const std::uint64_t affinity = AffinityMask();
  HwprobeRow* rows = matrix.riscv_hwprobe;
  rows[0] = {"all-keys", 0, 0, 0, kHwprobeKeyCount, {}, {}};
  rows[1] = {"all-keys-affinity-set", 0, sizeof(affinity), affinity, kHwprobeKeyCount, {}, {}};
  rows[2] = {"all-keys-cpu0", 0, sizeof(affinity), 1, kHwprobeKeyCount, {}, {}};
  for (std::size_t r = 0; r < 3; ++r) {
    // The syscall first: on 7.2 it is what makes the vDSO's data ready.
    rows[r].syscall = CallHwprobe(nullptr, rows[r], keys, values);
    rows[r].vdso = CallHwprobe(&functions, rows[r], keys, values);
  }
  // Which CPUs have the base ISA extensions the first answer reported for all of them.
  const std::int64_t which_key = kHwprobeKeyImaExt0;
  const std::uint64_t which_value = rows[0].syscall.values[kHwprobeKeyImaExt0 + 1];
  rows[3] = {"which-cpus-ima-ext-0", kHwprobeWhichCpus, sizeof(affinity), affinity, 1, {}, {}};
  rows[3].syscall = CallHwprobe(nullptr, rows[3], &which_key, &which_value);
  rows[3].vdso = CallHwprobe(&functions, rows[3], &which_key, &which_value);
}

struct OpaqueParams {
  std::uint32_t size_of_opaque_state;
  std::uint32_t mmap_prot;
  std::uint32_t mmap_flags;
  std::uint32_t reserved[13];
};

GetrandomAnswer FromBuffer(long ret, const std::uint8_t* buffer, std::size_t length) {
  GetrandomAnswer answer{ret, false};
  for (std::size_t i = 0; i < length; ++i)
    answer.wrote = answer.wrote || buffer[i] != kOutputSentinel;
  return answer;
}

void RunGetrandom(const VdsoFunctions& functions, DiffMatrix& matrix) {
  if (functions.getrandom == nullptr) return;
  // The state the vDSO asks for (vgetrandom_opaque_params), mapped the way it asks.
  OpaqueParams params{};
  const long query = functions.getrandom(nullptr, 0, 0, &params, ~std::size_t{0});
  void* state = MAP_FAILED;
  if (query == 0 && params.size_of_opaque_state > 0 && params.size_of_opaque_state <= 4096) {
    state = mmap(nullptr, 4096, static_cast<int>(params.mmap_prot),
                 static_cast<int>(params.mmap_flags), -1, 0);
  }
  for (std::size_t i = 0; i < 2; ++i) {
    GetrandomRow& row = matrix.getrandom[i];
    row.length = i == 0 ? kGetrandomLength : 0;
    row.flags = 0;
    row.state_setup = state == MAP_FAILED ? (query != 0 ? query : -ENOMEM) : 0;
    std::uint8_t buffer[kGetrandomLength];
    std::memset(buffer, kOutputSentinel, sizeof(buffer));
    row.syscall = FromBuffer(KernelReturn(syscall(SYS_getrandom, buffer, row.length, row.flags)),
                             buffer, row.length);
    if (state == MAP_FAILED) continue;
    std::memset(buffer, kOutputSentinel, sizeof(buffer));
    row.vdso = FromBuffer(
        functions.getrandom(buffer, row.length, row.flags, state, params.size_of_opaque_state),
        buffer, row.length);
  }
  if (state != MAP_FAILED) munmap(state, 4096);
}

void RunFlushIcache(const VdsoFunctions& functions, DiffMatrix& matrix) {
  if (functions.flush_icache == nullptr) return;
  static const std::uint32_t kCode[4] = {};
  void* start = const_cast<std::uint32_t*>(kCode);
  void* end = const_cast<std::uint32_t*>(kCode + 4);
  matrix.flush_icache_syscall = KernelReturn(syscall(kSysRiscvFlushIcache, start, end, 0));
  matrix.flush_icache_vdso = functions.flush_icache(start, end, 0);
}

void WriteTime(JsonWriter& json, const char* key, const TimeAnswer& answer, const char* nsec) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Field("sec", answer.sec);
  json.Field(nsec, answer.nsec);
  json.EndObject();
}

void WriteGettimeofday(JsonWriter& json, const char* key, const GettimeofdayAnswer& answer) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.tv.ret);
  json.Field("sec", answer.tv.sec);
  json.Field("usec", answer.tv.nsec);
  json.Field("minuteswest", answer.minuteswest);
  json.Field("dsttime", answer.dsttime);
  json.EndObject();
}

void WriteGetcpu(JsonWriter& json, const char* key, const GetcpuAnswer& answer) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Field("cpu", answer.cpu);
  json.Field("node", answer.node);
  json.EndObject();
}

void WriteHwprobe(JsonWriter& json, const char* key, const HwprobeAnswer& answer,
                  std::size_t pair_count) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Key("pairs");
  json.BeginArray();
  for (std::size_t i = 0; i < pair_count; ++i) {
    json.BeginArray();
    json.Int(answer.keys[i]);
    json.Uint(answer.values[i]);
    json.EndArray();
  }
  json.EndArray();
  json.Field("cpus_after", answer.cpus_after);
  json.EndObject();
}

void WriteGetrandom(JsonWriter& json, const char* key, const GetrandomAnswer& answer) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Field("wrote", answer.wrote);
  json.EndObject();
}

void WriteExported(JsonWriter& json, const VdsoFunctions& functions) {
  json.Key("exported");
  json.BeginObject();
  json.Field("clock_gettime", functions.clock_gettime != nullptr);
  json.Field("clock_getres", functions.clock_getres != nullptr);
  json.Field("gettimeofday", functions.gettimeofday != nullptr);
  json.Field("getcpu", functions.getcpu != nullptr);
  json.Field("riscv_hwprobe", functions.riscv_hwprobe != nullptr);
  json.Field("getrandom", functions.getrandom != nullptr);
  json.Field("flush_icache", functions.flush_icache != nullptr);
  json.EndObject();
}

}  // namespace

void RunDiffMatrix(const VdsoFunctions& functions, DiffMatrix& matrix) {
  matrix.functions = functions;
  RunClocks(functions, matrix);
  RunGettimeofday(functions, matrix);
  RunGetcpu(functions, matrix);
  RunHwprobe(functions, matrix);
  RunGetrandom(functions, matrix);
  RunFlushIcache(functions, matrix);
}

void WriteDiffMatrix(JsonWriter& json, const DiffMatrix& matrix) {
  const VdsoFunctions& functions = matrix.functions;
  json.Field("vdso_base", functions.base);
  WriteExported(json, functions);
  if (functions.clock_gettime != nullptr) {
    json.Key("clock_gettime");
    json.BeginArray();
    for (const ClockRow& row : matrix.clock_gettime) {
      json.BeginObject();
      json.Field("clock", row.clock);
      WriteTime(json, "before", row.before, "nsec");
      WriteTime(json, "vdso", row.vdso, "nsec");
      WriteTime(json, "after", row.after, "nsec");
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.clock_getres != nullptr) {
    json.Key("clock_getres");
    json.BeginArray();
    for (const GetresRow& row : matrix.clock_getres) {
      json.BeginObject();
      json.Field("clock", row.clock);
      WriteTime(json, "syscall", row.syscall, "nsec");
      WriteTime(json, "vdso", row.vdso, "nsec");
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.gettimeofday != nullptr) {
    json.Key("gettimeofday");
    json.BeginArray();
    for (const GettimeofdayRow& row : matrix.gettimeofday) {
      json.BeginObject();
      json.Field("tv", row.tv_present);
      json.Field("tz", row.tz_present);
      WriteGettimeofday(json, "before", row.before);
      WriteGettimeofday(json, "vdso", row.vdso);
      WriteGettimeofday(json, "after", row.after);
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.getcpu != nullptr) {
    json.Key("getcpu");
    json.BeginArray();
    for (const GetcpuRow& row : matrix.getcpu) {
      json.BeginObject();
      json.Field("pointers", row.pointers_present);
      WriteGetcpu(json, "before", row.before);
      WriteGetcpu(json, "vdso", row.vdso);
      WriteGetcpu(json, "after", row.after);
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.riscv_hwprobe != nullptr) {
    json.Key("riscv_hwprobe");
    json.BeginArray();
    for (const HwprobeRow& row : matrix.riscv_hwprobe) {
      json.BeginObject();
      json.Field("case", row.name);
      json.Field("flags", row.flags);
      json.Field("cpusetsize", row.cpusetsize);
      json.Field("cpus", row.cpus);
      WriteHwprobe(json, "syscall", row.syscall, row.pair_count);
      WriteHwprobe(json, "vdso", row.vdso, row.pair_count);
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.getrandom != nullptr) {
    json.Key("getrandom");
    json.BeginArray();
    for (const GetrandomRow& row : matrix.getrandom) {
      json.BeginObject();
      json.Field("length", row.length);
      json.Field("flags", row.flags);
      json.Field("state_setup", row.state_setup);
      WriteGetrandom(json, "syscall", row.syscall);
      WriteGetrandom(json, "vdso", row.vdso);
      json.EndObject();
    }
    json.EndArray();
  }
  if (functions.flush_icache != nullptr) {
    json.Key("flush_icache");
    json.BeginArray();
    json.BeginObject();
    json.Key("syscall");
    json.BeginObject();
    json.Field("ret", matrix.flush_icache_syscall);
    json.EndObject();
    json.Key("vdso");
    json.BeginObject();
    json.Field("ret", matrix.flush_icache_vdso);
    json.EndObject();
    json.EndObject();
    json.EndArray();
  }
}

}  // namespace vdsoconf::agent
