#include "diff_matrix.h"

#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "json_writer.h"
#include "kernel_return.h"

namespace vdsoconf::agent {
namespace {

constexpr std::size_t kGetrandomLength = 32;

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

void WriteGetrandom(JsonWriter& json, const char* key, const GetrandomAnswer& answer) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Field("wrote", answer.wrote);
  json.EndObject();
}

void WriteClockGettimeRows(JsonWriter& json, const DiffMatrix& matrix) {
  for (const ClockRow& row : matrix.clock_gettime) {
    json.BeginObject();
    json.Field("clock", row.clock);
    WriteTime(json, "before", row.before, "nsec");
    WriteTime(json, "vdso", row.vdso, "nsec");
    WriteTime(json, "after", row.after, "nsec");
    json.EndObject();
  }
}

void WriteClockGetresRows(JsonWriter& json, const DiffMatrix& matrix) {
  for (const GetresRow& row : matrix.clock_getres) {
    json.BeginObject();
    json.Field("clock", row.clock);
    WriteTime(json, "syscall", row.syscall, "nsec");
    WriteTime(json, "vdso", row.vdso, "nsec");
    json.EndObject();
  }
}

void WriteGettimeofdayRows(JsonWriter& json, const DiffMatrix& matrix) {
  for (const GettimeofdayRow& row : matrix.gettimeofday) {
    json.BeginObject();
    json.Field("tv", row.tv_present);
    json.Field("tz", row.tz_present);
    WriteGettimeofday(json, "before", row.before);
    WriteGettimeofday(json, "vdso", row.vdso);
    WriteGettimeofday(json, "after", row.after);
    json.EndObject();
  }
}

void WriteGetcpuRows(JsonWriter& json, const DiffMatrix& matrix) {
  for (const GetcpuRow& row : matrix.getcpu) {
    json.BeginObject();
    json.Field("pointers", row.pointers_present);
    WriteGetcpu(json, "before", row.before);
    WriteGetcpu(json, "vdso", row.vdso);
    WriteGetcpu(json, "after", row.after);
    json.EndObject();
  }
}

void WriteGetrandomRows(JsonWriter& json, const DiffMatrix& matrix) {
  for (const GetrandomRow& row : matrix.getrandom) {
    json.BeginObject();
    json.Field("length", row.length);
    json.Field("flags", row.flags);
    json.Field("state_setup", row.state_setup);
    WriteGetrandom(json, "syscall", row.syscall);
    WriteGetrandom(json, "vdso", row.vdso);
    json.EndObject();
  }
}

}  // namespace

void RunDiffMatrix(const VdsoFunctions& functions, DiffMatrix& matrix) {
  matrix.functions = functions;
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  bool clocks_ran = false;
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    switch (entries[i].kind) {
      case EntryKind::kClockGettime:
      case EntryKind::kClockGetres:
        if (!clocks_ran) RunClocks(functions, matrix);
        clocks_ran = true;
        break;
      case EntryKind::kGettimeofday:
        RunGettimeofday(functions, matrix);
        break;
      case EntryKind::kGetcpu:
        RunGetcpu(functions, matrix);
        break;
      case EntryKind::kGetrandom:
        RunGetrandom(functions, matrix);
        break;
      case EntryKind::kOwn:
        if (functions.entries[i] != nullptr && entries[i].own->run_diff != nullptr) {
          entries[i].own->run_diff(functions.entries[i], matrix.own);
        }
        break;
    }
  }
}

void WriteDiffMatrix(JsonWriter& json, const DiffMatrix& matrix) {
  const VdsoFunctions& functions = matrix.functions;
  json.Field("vdso_base", functions.base);
  WriteExported(json, "exported", functions);
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    if (functions.entries[i] == nullptr) continue;
    const EntryPoint& entry = entries[i];
    if (entry.kind == EntryKind::kOwn && entry.own->write_diff == nullptr) continue;
    json.Key(entry.key);
    json.BeginArray();
    switch (entry.kind) {
      case EntryKind::kClockGettime:
        WriteClockGettimeRows(json, matrix);
        break;
      case EntryKind::kClockGetres:
        WriteClockGetresRows(json, matrix);
        break;
      case EntryKind::kGettimeofday:
        WriteGettimeofdayRows(json, matrix);
        break;
      case EntryKind::kGetcpu:
        WriteGetcpuRows(json, matrix);
        break;
      case EntryKind::kGetrandom:
        WriteGetrandomRows(json, matrix);
        break;
      case EntryKind::kOwn:
        entry.own->write_diff(json, matrix.own);
        break;
    }
    json.EndArray();
  }
}

}  // namespace vdsoconf::agent
