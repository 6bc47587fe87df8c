// vdso.fallback: which calls the vDSO answers itself and which it passes to the kernel.
//
// A seccomp filter makes every syscall an entry point can fall back to fail with a sentinel
// errno (ENOTRECOVERABLE, which none of them returns on its own), so a vDSO call that returns
// -ENOTRECOVERABLE issued the syscall and any other answer did not. Each row also calls the
// syscall itself under the filter (the control): it must return the sentinel, or the filter is
// not what the rows assume. The filter cannot be removed, which is fine here: the probe runs in
// its own forked child (probe_runner.h) that exits after writing the document.
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>

#include "../arch_hooks.h"
#include "../diff_matrix.h"
#include "../guest_io.h"
#include "../kernel_return.h"
#include "../probe_runner.h"
#include "probes.h"

namespace vdsoconf::agent {
namespace {

constexpr int kSentinelErrno = ENOTRECOVERABLE;

// Returns the errno of the first step that failed, 0 when the filter is installed. Traps the
// syscall of every entry point of the architecture's table (arch_hooks.h).
int InstallSentinelFilter(const char** failed_step) {
  sock_filter program[5 + 2 * kMaxEntryPoints];
  std::size_t n = 0;
  const auto arch_offset = static_cast<std::uint32_t>(offsetof(seccomp_data, arch));
  const auto nr_offset = static_cast<std::uint32_t>(offsetof(seccomp_data, nr));
  program[n++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arch_offset);
  program[n++] = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch::kAuditArch, 1, 0);
  program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  program[n++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, nr_offset);
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    const auto nr = static_cast<std::uint32_t>(entries[i].syscall);
    program[n++] = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
    program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | kSentinelErrno);
  }
  program[n++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  sock_fprog fprog{static_cast<unsigned short>(n), program};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *failed_step = "prctl(PR_SET_NO_NEW_PRIVS)";
    return errno;
  }
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
    *failed_step = "seccomp(SECCOMP_SET_MODE_FILTER)";
    return errno;
  }
  return 0;
}

void Row(JsonWriter& json, long vdso_ret, long control_ret) {
  json.Field("vdso_ret", static_cast<std::int64_t>(vdso_ret));
  json.Field("control_ret", static_cast<std::int64_t>(control_ret));
}

void ClockRows(JsonWriter& json, const char* key, VdsoFunctions::ClockGettime vdso, long nr) {
  json.Key(key);
  json.BeginArray();
  for (std::int32_t id = kFirstClockId; id <= kLastClockId; ++id) {
    struct timespec ts {};
    const long vdso_ret = vdso(static_cast<clockid_t>(id), &ts);
    const long control_ret = KernelReturn(syscall(nr, static_cast<clockid_t>(id), &ts));
    json.BeginObject();
    json.Field("clock", id);
    Row(json, vdso_ret, control_ret);
    json.EndObject();
  }
  json.EndArray();
}

void GettimeofdayRows(JsonWriter& json, VdsoFunctions::Gettimeofday vdso) {
  json.Key("gettimeofday");
  json.BeginArray();
  for (int i = 0; i < 4; ++i) {
    struct timeval tv {};
    struct timezone tz {};
    struct timeval* tv_arg = (i & 1) == 0 ? &tv : nullptr;
    struct timezone* tz_arg = (i & 2) == 0 ? &tz : nullptr;
    const long vdso_ret = vdso(tv_arg, tz_arg);
    const long control_ret = KernelReturn(syscall(SYS_gettimeofday, tv_arg, tz_arg));
    json.BeginObject();
    json.Field("tv", tv_arg != nullptr);
    json.Field("tz", tz_arg != nullptr);
    Row(json, vdso_ret, control_ret);
    json.EndObject();
  }
  json.EndArray();
}

// Where the second state starts in the page: past the first, and not straddling the page end.
constexpr std::size_t kFreshStateOffset = 2048;

struct OpaqueParams {
  std::uint32_t size_of_opaque_state, mmap_prot, mmap_flags, reserved[13];
};

// The state the vDSO asks for, mapped before the filter exists.
struct GetrandomState {
  long setup = 0;  // 0, or the query's return / -errno of the mmap
  void* state = MAP_FAILED;
  std::uint32_t size = 0;
};

GetrandomState PrepareGetrandom(VdsoFunctions::Getrandom vdso) {
  OpaqueParams params{};
  GetrandomState prepared;
  prepared.setup = vdso(nullptr, 0, 0, &params, ~std::size_t{0});
  if (prepared.setup != 0) return prepared;
  if (params.size_of_opaque_state == 0 || params.size_of_opaque_state > kFreshStateOffset) {
    prepared.setup = -EINVAL;
    return prepared;
  }
  prepared.state = mmap(nullptr, 4096, static_cast<int>(params.mmap_prot),
                        static_cast<int>(params.mmap_flags), -1, 0);
  if (prepared.state == MAP_FAILED) prepared.setup = -errno;
  prepared.size = params.size_of_opaque_state;
  if (prepared.state != MAP_FAILED) {
    std::uint8_t buffer[32];
    const long warmed = vdso(buffer, sizeof(buffer), 0, prepared.state, prepared.size);
    if (warmed != static_cast<long>(sizeof(buffer))) prepared.setup = warmed < 0 ? warmed : -EIO;
  }
  return prepared;
}

// One measurement of the warm state: warm it, install the filter, call it. In a child of its own,
// since the filter cannot be removed and a crng reseed between the warming and the call makes the
// vDSO refill the key with the syscall, as it must (getrandom.h gate 8): seen under a loaded host,
// 1 run in 15 even with nothing but the filter's two syscalls in between, because a host stall
// lets the guest's early-uptime reseed (every second or so) fall inside the window. A fresh child
// is a fresh try; the state's pages are wipe-on-fork (MAP_DROPPABLE), so the child warms its own.
struct WarmAttempt {
  long setup = 0;  // the warming call's failure (negative), else 0
  int filter_errno = 0;
  long vdso_ret = 0;
  long control_ret = 0;
};

WarmAttempt MeasureWarmStateInChild(VdsoFunctions::Getrandom vdso, const GetrandomState& prepared) {
  WarmAttempt attempt;
  int channel[2];
  if (pipe(channel) != 0) {
    attempt.setup = -errno;
    return attempt;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(channel[0]);
    std::uint8_t buffer[32];
    const long warmed = vdso(buffer, sizeof(buffer), 0, prepared.state, prepared.size);
    if (warmed != static_cast<long>(sizeof(buffer))) attempt.setup = warmed < 0 ? warmed : -EIO;
    const char* failed_step = "";
    if (attempt.setup == 0) attempt.filter_errno = InstallSentinelFilter(&failed_step);
    if (attempt.setup == 0 && attempt.filter_errno == 0) {
      attempt.vdso_ret = vdso(buffer, sizeof(buffer), 0, prepared.state, prepared.size);
      attempt.control_ret = KernelReturn(syscall(SYS_getrandom, buffer, sizeof(buffer), 0));
    }
    const bool sent = write(channel[1], &attempt, sizeof(attempt)) == sizeof(attempt);
    _exit(sent ? 0 : 1);
  }
  close(channel[1]);
  if (pid < 0) {
    attempt.setup = -errno;
    close(channel[0]);
    return attempt;
  }
  if (read(channel[0], &attempt, sizeof(attempt)) != sizeof(attempt)) attempt.setup = -EPIPE;
  close(channel[0]);
  waitpid(pid, nullptr, 0);
  return attempt;
}

constexpr int kWarmAttempts = 3;

// The warm state's measurements: at most kWarmAttempts, each in its own child, taken again only
// while the vDSO fell back. Taken before the probe's own filter, which children would inherit.
struct WarmMeasurements {
  WarmAttempt attempts[kWarmAttempts];
  int count = 0;
};

WarmMeasurements MeasureWarmState(VdsoFunctions::Getrandom vdso, const GetrandomState& prepared) {
  WarmMeasurements measured;
  if (prepared.state == MAP_FAILED || prepared.setup != 0) return measured;
  do {
    measured.attempts[measured.count] = MeasureWarmStateInChild(vdso, prepared);
  } while (measured.attempts[measured.count++].vdso_ret == -kSentinelErrno &&
           measured.count < kWarmAttempts);
  return measured;
}

// Two states in the mapped page: "warm" has served one call before the filter (its key is
// filled and its generation current); "fresh" never has, so its first call must refill the key
// with the syscall (getrandom.h gate 8). The warm row is the last measurement; the ones before
// it are listed in "earlier_attempts" for the host to report.
void GetrandomRows(JsonWriter& json, VdsoFunctions::Getrandom vdso, const GetrandomState& prepared,
                   const WarmMeasurements& warm) {
  json.Key("getrandom");
  json.BeginArray();
  for (const char* state_name : {"warm", "fresh"}) {
    const bool is_warm = std::strcmp(state_name, "warm") == 0;
    std::uint8_t buffer[32];
    long vdso_ret = 0, control_ret = 0, setup = prepared.setup;
    if (is_warm && warm.count > 0) {
      const WarmAttempt& last = warm.attempts[warm.count - 1];
      vdso_ret = last.vdso_ret;
      control_ret = last.control_ret;
      setup = last.setup != 0 ? last.setup : -last.filter_errno;
    } else {
      if (prepared.state != MAP_FAILED) {
        void* state =
            static_cast<std::uint8_t*>(prepared.state) + (is_warm ? 0 : kFreshStateOffset);
        vdso_ret = vdso(buffer, sizeof(buffer), 0, state, prepared.size);
      }
      control_ret = KernelReturn(syscall(SYS_getrandom, buffer, sizeof(buffer), 0));
    }
    json.BeginObject();
    json.Field("length", static_cast<std::uint64_t>(sizeof(buffer)));
    json.Field("flags", std::uint32_t{0});
    json.Field("state", state_name);
    json.Field("state_setup", static_cast<std::int64_t>(setup));
    Row(json, vdso_ret, control_ret);
    if (is_warm) {
      json.Key("earlier_attempts");
      json.BeginArray();
      for (int i = 0; i + 1 < warm.count; ++i) {
        json.BeginObject();
        Row(json, warm.attempts[i].vdso_ret, warm.attempts[i].control_ret);
        json.EndObject();
      }
      json.EndArray();
    }
    json.EndObject();
  }
  json.EndArray();
}

void SingleRow(JsonWriter& json, const char* key, const FallbackRow& row) {
  json.Key(key);
  json.BeginArray();
  json.BeginObject();
  if (row.case_name != nullptr) json.Field("case", row.case_name);
  Row(json, row.vdso_ret, row.control_ret);
  json.EndObject();
  json.EndArray();
}

// The rows of one exported entry point under the filter; getrandom's were written before (they
// need their state warmed first, GetrandomRows).
void WriteRows(JsonWriter& json, const EntryPoint& entry, const VdsoFunctions& functions,
               std::size_t index) {
  switch (entry.kind) {
    case EntryKind::kClockGettime:
      ClockRows(json, entry.key, functions.clock_gettime, entry.syscall);
      break;
    case EntryKind::kClockGetres:
      ClockRows(json, entry.key, functions.clock_getres, entry.syscall);
      break;
    case EntryKind::kGettimeofday:
      GettimeofdayRows(json, functions.gettimeofday);
      break;
    case EntryKind::kGetcpu: {
      unsigned cpu = 0, node = 0;
      const long vdso_ret = functions.getcpu(&cpu, &node, nullptr);
      SingleRow(json, entry.key,
                {nullptr, vdso_ret, KernelReturn(syscall(entry.syscall, &cpu, &node, nullptr))});
      break;
    }
    case EntryKind::kGetrandom:
      break;
    case EntryKind::kOwn:
      if (entry.own->fallback != nullptr) {
        SingleRow(json, entry.key, entry.own->fallback(functions.entries[index]));
      }
      break;
  }
}

}  // namespace

bool ProbeVdsoFallback(ProbeContext& context) {
  VdsoFunctions functions;
  if (!ResolveCurrentVdsoFunctions(functions, context.error)) return false;
  JsonWriter& data = context.data;
  data.Field("sentinel_errno", static_cast<std::int32_t>(kSentinelErrno));
  std::string clocksource =
      ReadWholeFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")
          .value_or("");
  while (!clocksource.empty() && clocksource.back() == '\n') clocksource.pop_back();
  data.Key("current_clocksource");
  clocksource.empty() ? data.Null() : data.String(clocksource);

  const std::uint64_t prepare_start = MonotonicNowNs();
  // Before the filter: the syscalls that make the vDSO's data ready (7.2 fills the rng data and
  // some architectures' own lazily), and the getrandom state.
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (const EntryPoint& entry : entries) {
    if (entry.kind == EntryKind::kOwn && entry.own->prepare_fallback != nullptr) {
      entry.own->prepare_fallback();
    }
  }
  GetrandomState prepared;
  if (functions.getrandom != nullptr) {
    // Only where the vDSO has getrandom: on a kernel without it this could block for seconds
    // waiting for the crng (seen on 6.1), for nothing.
    std::uint8_t seed[16];
    syscall(SYS_getrandom, seed, sizeof(seed), 0);
    prepared = PrepareGetrandom(functions.getrandom);
  }

  data.Field("prepare_us", (MonotonicNowNs() - prepare_start) / 1000);
  WarmMeasurements warm;
  if (functions.getrandom != nullptr) warm = MeasureWarmState(functions.getrandom, prepared);
  const char* failed_step = "";
  const int filter_errno = InstallSentinelFilter(&failed_step);
  data.Key("filter");
  data.BeginObject();
  data.Field("errno", static_cast<std::int32_t>(filter_errno));
  data.Field("failed_step", failed_step);
  data.EndObject();
  if (filter_errno != 0) return true;  // no seccomp in this kernel: the host skips
  if (functions.getrandom != nullptr) GetrandomRows(data, functions.getrandom, prepared, warm);

  WriteExported(data, "exported", functions);
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    if (functions.entries[i] != nullptr) WriteRows(data, entries[i], functions, i);
  }
  return true;
}

}  // namespace vdsoconf::agent
