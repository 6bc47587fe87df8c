// Dumps the vvar pages and takes, around each dump, the truths the host checks them against:
// the clock_gettime *syscall* for every vDSO clock bracketed by counter reads, the
// architecture's evidence of the counter's frequency (arch_hooks.h), the current clocksource,
// clock_getres, and a series of seq samples.
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "../arch_hooks.h"
#include "../guest_io.h"
#include "../sparse_bytes.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

// The clocks the vDSO serves itself (VDSO_HRES, VDSO_COARSE, VDSO_RAW).
constexpr std::array kVdsoClocks{CLOCK_REALTIME,
                                 CLOCK_MONOTONIC,
                                 CLOCK_MONOTONIC_RAW,
                                 CLOCK_REALTIME_COARSE,
                                 CLOCK_MONOTONIC_COARSE,
                                 CLOCK_BOOTTIME,
                                 CLOCK_TAI};
constexpr int kSnapshots = 3;
constexpr int kSeqSamples = 20;
constexpr long kSampleSpacingNs = 1000000;  // seq updates take microseconds; samples 1 ms apart

void SleepNs(long ns) {
  struct timespec ts {
    0, ns
  };
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// A page can be unreadable (the time-namespace page of a task outside a namespace faults with
// SIGBUS). write(2) from it into a pipe tells without a signal: the kernel's copy returns EFAULT.
bool PageReadable(std::uint64_t address, std::uint64_t page_size) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  const ssize_t n = write(fds[1], reinterpret_cast<const void*>(address), page_size);
  close(fds[0]);
  close(fds[1]);
  return n == static_cast<ssize_t>(page_size);
}

void WriteClockSample(JsonWriter& json, int clock) {
  struct timespec ts {};
  const std::uint64_t before = arch::ReadCounter();
  const long ret = syscall(SYS_clock_gettime, clock, &ts);
  const int err = ret == 0 ? 0 : errno;
  const std::uint64_t after = arch::ReadCounter();
  json.BeginObject();
  json.Field("clock", static_cast<std::int32_t>(clock));
  json.Field("counter_before", before);
  json.Field("sec", static_cast<std::int64_t>(ts.tv_sec));
  json.Field("nsec", static_cast<std::int64_t>(ts.tv_nsec));
  json.Field("counter_after", after);
  json.Field("errno", static_cast<std::int32_t>(err));
  json.EndObject();
}

void WriteClockSamples(JsonWriter& json, const char* key) {
  json.Key(key);
  json.BeginArray();
  for (int clock : kVdsoClocks) WriteClockSample(json, clock);
  json.EndArray();
}

std::uint32_t ReadSeq(std::uint64_t vvar_start) {
  // Offset 0 of page 0 is `seq` in every generation (struct vdso_data and struct vdso_clock
  // both start with it); the host decodes everything else.
  return *reinterpret_cast<const volatile std::uint32_t*>(vvar_start);
}

void WriteSnapshot(JsonWriter& json, std::uint64_t vvar_start, std::uint64_t page_size,
                   const std::vector<bool>& readable) {
  json.BeginObject();
  WriteClockSamples(json, "before");
  std::vector<std::string> pages(readable.size());
  const std::uint32_t seq_before = ReadSeq(vvar_start);
  const std::uint64_t counter_before = arch::ReadCounter();
  for (std::size_t i = 0; i < readable.size(); ++i) {
    if (!readable[i]) continue;
    pages[i].resize(page_size);
    std::memcpy(pages[i].data(), reinterpret_cast<const void*>(vvar_start + i * page_size),
                page_size);
  }
  const std::uint64_t counter_after = arch::ReadCounter();
  const std::uint32_t seq_after = ReadSeq(vvar_start);
  WriteClockSamples(json, "after");
  json.Key("copy");
  json.BeginObject();
  json.Field("counter_before", counter_before);
  json.Field("counter_after", counter_after);
  json.Field("seq_before", seq_before);
  json.Field("seq_after", seq_after);
  json.EndObject();
  json.Key("pages");
  json.BeginArray();
  for (std::size_t i = 0; i < readable.size(); ++i) {
    readable[i] ? WriteSparseBytes(json, pages[i]) : json.Null();
  }
  json.EndArray();
  json.EndObject();
}

void WriteClockGetres(JsonWriter& json) {
  json.Key("clock_getres");
  json.BeginArray();
  for (int clock : kVdsoClocks) {
    struct timespec res {};
    const long ret = syscall(SYS_clock_getres, clock, &res);
    json.BeginObject();
    json.Field("clock", static_cast<std::int32_t>(clock));
    json.Field("sec", static_cast<std::int64_t>(res.tv_sec));
    json.Field("nsec", static_cast<std::int64_t>(res.tv_nsec));
    json.Field("errno", static_cast<std::int32_t>(ret == 0 ? 0 : errno));
    json.EndObject();
  }
  json.EndArray();
}

void WriteSeqSamples(JsonWriter& json, std::uint64_t vvar_start) {
  json.Key("seq_samples");
  json.BeginArray();
  for (int i = 0; i < kSeqSamples; ++i) {
    if (i > 0) SleepNs(kSampleSpacingNs);
    json.BeginObject();
    json.Field("counter", arch::ReadCounter());
    json.Field("seq", ReadSeq(vvar_start));
    json.EndObject();
  }
  json.EndArray();
}

}  // namespace

bool ProbeVvarDump(ProbeContext& context) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vvar) {
    context.error = "no [vvar] line in /proc/self/maps";
    return false;
  }
  const auto page_size = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  const MappingRange& vvar = *mappings.vvar;
  const std::uint64_t page_count = (vvar.end - vvar.start) / page_size;
  std::vector<bool> readable(page_count);
  for (std::uint64_t i = 0; i < page_count; ++i)
    readable[i] = PageReadable(vvar.start + i * page_size, page_size);
  if (page_count == 0 || !readable[0]) {
    context.error = "vvar page 0 is not readable";
    return false;
  }

  JsonWriter& data = context.data;
  struct utsname names {};
  data.Field("release", uname(&names) == 0 ? names.release : "");
  data.Field("page_size", page_size);
  data.Key("vvar");
  data.BeginObject();
  data.Field("start", vvar.start);
  data.Field("end", vvar.end);
  data.Field("pages", page_count);
  data.Field("line", vvar.line);
  data.EndObject();
  WriteRange(data, "vdso", mappings.vdso);
  data.Key("readable");
  data.BeginArray();
  for (bool page_readable : readable) data.Bool(page_readable);
  data.EndArray();
  arch::WriteCounterFrequency(data);
  data.Key("current_clocksource");
  if (auto source =
          ReadWholeFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")) {
    while (!source->empty() && source->back() == '\n') source->pop_back();
    data.String(*source);
  } else {
    data.Null();
  }
  WriteClockGetres(data);
  WriteSeqSamples(data, vvar.start);
  data.Key("snapshots");
  data.BeginArray();
  for (int i = 0; i < kSnapshots; ++i) {
    if (i > 0) SleepNs(5 * kSampleSpacingNs);  // let a tick or two pass between snapshots
    WriteSnapshot(data, vvar.start, page_size, readable);
  }
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
