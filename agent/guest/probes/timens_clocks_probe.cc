// Reads every clock through the vDSO inside a new time namespace with known offsets, then again
// after the same task has gone back to the initial namespace with setns(). The parent brackets
// both with its own syscall reads, so the host can tell which clocks carry which offset.
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "../child_report.h"
#include "../guest_io.h"
#include "../sparse_bytes.h"
#include "../time_namespace.h"
#include "../vdso_functions.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// Different from vvar.timens's offsets, every field distinct, both with non-zero nsec.
constexpr std::int64_t kMonotonicSec = 3 * 86400, kMonotonicNsec = 111111111;
constexpr std::int64_t kBoottimeSec = 5 * 86400, kBoottimeNsec = 222222222;

// Every clock id that names a system clock (not CPU time): the ones with an offset and the ones
// without. CLOCK_*_ALARM need an RTC device; their errno is recorded.
constexpr std::array kClocks{CLOCK_REALTIME,        CLOCK_MONOTONIC,        CLOCK_MONOTONIC_RAW,
                             CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
                             CLOCK_REALTIME_ALARM,  CLOCK_BOOTTIME_ALARM,   CLOCK_TAI};

struct Reading {
  std::int64_t sec = 0, nsec = 0;
  std::int32_t error = 0;
};

Reading SyscallRead(clockid_t clock) {
  struct timespec ts {};
  Reading reading;
  if (syscall(SYS_clock_gettime, clock, &ts) != 0) reading.error = errno;
  reading.sec = ts.tv_sec;
  reading.nsec = ts.tv_nsec;
  return reading;
}

Reading VdsoRead(const VdsoFunctions& vdso, clockid_t clock) {
  struct timespec ts {};
  Reading reading;
  errno = 0;
  const int ret = vdso.clock_gettime(clock, &ts);
  // The vDSO returns -errno itself when it falls back to the syscall (it does not set errno).
  if (ret != 0) reading.error = ret < 0 ? -ret : ret;
  reading.sec = ts.tv_sec;
  reading.nsec = ts.tv_nsec;
  return reading;
}

void WriteReading(JsonWriter& json, const Reading& reading) {
  json.BeginArray();  // compact [sec, nsec, errno]: the console carries ~13 KB/s
  json.Int(reading.sec);
  json.Int(reading.nsec);
  json.Int(reading.error);
  json.EndArray();
}

bool PageReadable(std::uint64_t address, std::uint64_t page_size) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  const ssize_t n = write(fds[1], reinterpret_cast<const void*>(address), page_size);
  close(fds[0]);
  close(fds[1]);
  return n == static_cast<ssize_t>(page_size);
}

// {"readable": [bool per page], "page0": sparse bytes | null}
void WriteVvarView(JsonWriter& json) {
  const VdsoMappings mappings = ReadVdsoMappings();
  const auto page_size = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  json.BeginObject();
  json.Key("readable");
  json.BeginArray();
  bool page0 = false;
  if (mappings.vvar) {
    for (std::uint64_t at = mappings.vvar->start; at < mappings.vvar->end; at += page_size) {
      const bool readable = PageReadable(at, page_size);
      if (at == mappings.vvar->start) page0 = readable;
      json.Bool(readable);
    }
  }
  json.EndArray();
  json.Key("page0");
  if (page0) {
    WriteSparseBytes(
        json, std::string_view(reinterpret_cast<const char*>(mappings.vvar->start), page_size));
  } else {
    json.Null();
  }
  json.EndObject();
}

// Each clock: the vDSO's reading bracketed by the syscall's.
void WriteBracketedClocks(JsonWriter& json, const VdsoFunctions& vdso) {
  json.BeginArray();
  for (clockid_t clock : kClocks) {
    json.BeginObject();
    json.Field("clock", static_cast<std::int32_t>(clock));
    json.Key("syscall_before");
    WriteReading(json, SyscallRead(clock));
    json.Key("vdso");
    WriteReading(json, VdsoRead(vdso, clock));
    json.Key("syscall_after");
    WriteReading(json, SyscallRead(clock));
    json.EndObject();
  }
  json.EndArray();
}

// The namespace's first task. `initial_ns` is the initial time namespace's fd.
std::string ChildReport(int initial_ns) {
  JsonWriter json;
  json.BeginObject();
  VdsoFunctions vdso;
  std::string error;
  if (!ResolveCurrentVdsoFunctions(vdso, error) || vdso.clock_gettime == nullptr) {
    json.Field("error", error.empty() ? "no __vdso_clock_gettime" : error);
    json.EndObject();
    return json.Take();
  }
  json.Key("inside");
  WriteBracketedClocks(json, vdso);
  const int setns_errno = setns(initial_ns, CLONE_NEWTIME) == 0 ? 0 : errno;
  json.Field("setns_errno", static_cast<std::int32_t>(setns_errno));
  if (setns_errno == 0) {
    json.Key("after_setns");
    WriteBracketedClocks(json, vdso);
    json.Key("after_setns_vvar");
    WriteVvarView(json);
  }
  json.EndObject();
  return json.Take();
}

void WriteOuterClocks(JsonWriter& json, const char* key) {
  json.Key(key);
  json.BeginArray();
  for (clockid_t clock : kClocks) {
    json.BeginArray();
    json.Int(static_cast<std::int64_t>(clock));
    const Reading reading = SyscallRead(clock);
    json.Int(reading.sec);
    json.Int(reading.nsec);
    json.Int(reading.error);
    json.EndArray();
  }
  json.EndArray();
}

}  // namespace

bool ProbeTimensClocks(ProbeContext& context) {
  JsonWriter& data = context.data;
  data.Key("monotonic_offset");
  data.BeginArray();
  data.Int(kMonotonicSec);
  data.Int(kMonotonicNsec);
  data.EndArray();
  data.Key("boottime_offset");
  data.BeginArray();
  data.Int(kBoottimeSec);
  data.Int(kBoottimeNsec);
  data.EndArray();
  const int initial_ns = open("/proc/self/ns/time", O_RDONLY | O_CLOEXEC);
  if (initial_ns < 0) {
    data.Field("unshare_errno", static_cast<std::int32_t>(errno));  // no time namespaces
    return true;
  }
  const int unshare_errno = unshare(CLONE_NEWTIME) == 0 ? 0 : errno;
  data.Field("unshare_errno", static_cast<std::int32_t>(unshare_errno));
  if (unshare_errno != 0) return true;
  if (!SetTimeNamespaceOffsets({kMonotonicSec, kMonotonicNsec, kBoottimeSec, kBoottimeNsec},
                               context.error)) {
    return false;
  }
  // Rows are [clock, sec, nsec, errno], taken by this task, which stays in the initial namespace.
  WriteOuterClocks(data, "outside_before");
  std::string error;
  const std::string report =
      ReportFromChild([initial_ns] { return ChildReport(initial_ns); }, error);
  WriteOuterClocks(data, "outside_after");
  close(initial_ns);
  if (report.empty()) {
    context.error = "the task inside the time namespace did not report: " + error;
    return false;
  }
  data.Key("child");
  data.Raw(report);
  return true;
}

}  // namespace vdsoconf::agent
