// Enters a new time namespace with known offsets and dumps the vvar pages as a task inside it
// sees them: the kernel then maps the namespace's page (clock_mode TIMENS, the offsets) at page 0
// and the real time data at page 1.
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "../child_report.h"
#include "../guest_io.h"
#include "../sparse_bytes.h"
#include "../time_namespace.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// Offsets with every field distinct, so a value in the wrong slot is visible.
constexpr std::int64_t kMonotonicSec = 86400, kMonotonicNsec = 123456789;
constexpr std::int64_t kBoottimeSec = 172800, kBoottimeNsec = 987654321;

bool PageReadable(std::uint64_t address, std::uint64_t page_size) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  const ssize_t n = write(fds[1], reinterpret_cast<const void*>(address), page_size);
  close(fds[0]);
  close(fds[1]);
  return n == static_cast<ssize_t>(page_size);
}

void WriteSyscallClock(JsonWriter& json, const char* key, clockid_t clock) {
  struct timespec ts {};
  const long ret = syscall(SYS_clock_gettime, clock, &ts);
  json.Key(key);
  json.BeginObject();
  json.Field("sec", static_cast<std::int64_t>(ts.tv_sec));
  json.Field("nsec", static_cast<std::int64_t>(ts.tv_nsec));
  json.Field("errno", static_cast<std::int32_t>(ret == 0 ? 0 : errno));
  json.EndObject();
}

// Runs in the first task of the namespace: what it sees of the vvar.
std::string InsideView() {
  JsonWriter json;
  json.BeginObject();
  const VdsoMappings mappings = ReadVdsoMappings();
  WriteRange(json, "vvar", mappings.vvar);
  if (mappings.vvar) {
    const auto page_size = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t pages = (mappings.vvar->end - mappings.vvar->start) / page_size;
    std::vector<bool> readable(pages);
    json.Key("readable");
    json.BeginArray();
    for (std::uint64_t i = 0; i < pages; ++i) {
      readable[i] = PageReadable(mappings.vvar->start + i * page_size, page_size);
      json.Bool(readable[i]);
    }
    json.EndArray();
    json.Key("pages");
    json.BeginArray();
    for (std::uint64_t i = 0; i < pages; ++i) {
      if (!readable[i]) {
        json.Null();
        continue;
      }
      std::string page(page_size, '\0');
      std::memcpy(page.data(), reinterpret_cast<const void*>(mappings.vvar->start + i * page_size),
                  page_size);
      WriteSparseBytes(json, page);
    }
    json.EndArray();
  }
  WriteSyscallClock(json, "monotonic", CLOCK_MONOTONIC);
  WriteSyscallClock(json, "boottime", CLOCK_BOOTTIME);
  json.EndObject();
  return json.Take();
}

void WriteOffset(JsonWriter& json, const char* key, std::int64_t sec, std::int64_t nsec) {
  json.Key(key);
  json.BeginObject();
  json.Field("sec", sec);
  json.Field("nsec", nsec);
  json.EndObject();
}

}  // namespace

bool ProbeVvarTimens(ProbeContext& context) {
  JsonWriter& data = context.data;
  WriteOffset(data, "monotonic_offset", kMonotonicSec, kMonotonicNsec);
  WriteOffset(data, "boottime_offset", kBoottimeSec, kBoottimeNsec);
  const int unshare_errno = unshare(CLONE_NEWTIME) == 0 ? 0 : errno;
  data.Field("unshare_errno", static_cast<std::int32_t>(unshare_errno));
  if (unshare_errno != 0) return true;  // no CONFIG_TIME_NS: the host skips

  // Offsets can be set only before the namespace's first task exists.
  if (!SetTimeNamespaceOffsets({kMonotonicSec, kMonotonicNsec, kBoottimeSec, kBoottimeNsec},
                               context.error)) {
    return false;
  }
  // The namespace's first task reports what it sees.
  std::string error;
  const std::string view = ReportFromChild(InsideView, error);
  if (view.empty()) {
    context.error = "the task inside the time namespace did not report: " + error;
    return false;
  }
  data.Key("inside");
  data.Raw(view);
  return true;
}

}  // namespace vdsoconf::agent
