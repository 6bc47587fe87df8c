// Moves, resizes and unmaps [vdso] and [vvar] in forked children and records what happens:
// the remap's return and errno, where /proc/self/maps then puts the mappings, whether a signal
// handler still returns (on an architecture without SA_RESTORER, such as RISC-V, the kernel
// returns through the vDSO's rt_sigreturn, found through mm->context.vdso) and whether the entry
// points still answer like their syscalls. The scenarios and their order are
// ref::AllMremapScenarios (reference/.../mremap_behaviour.h); the host compares each with what the
// kernel generation should do.
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>

#include "../arch_hooks.h"
#include "../json_writer.h"
#include "../kernel_return.h"
#include "../mremap_forked_steps.h"
#include "../probe_runner.h"
#include "../vdso_functions.h"
#include "../vdso_mappings.h"
#include "probes.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

namespace vdsoconf::agent {
namespace {

constexpr std::uint64_t kScenarioTimeoutMs = 3000;

struct Layout {
  MappingRange vvar;
  MappingRange vdso;
  std::uint64_t page = 0;
  std::uint64_t low = 0;   // the lower start of the two
  std::uint64_t span = 0;  // from `low` to the higher end
};

int g_report_fd = -1;
const char kHandlerRanLine[] = "{\"step\":\"handler_ran\",\"signal\":10}\n";

void OnSigusr1(int) {
  // Async-signal-safe: the line is prebuilt.
  [[maybe_unused]] ssize_t ignored =
      write(g_report_fd, kHandlerRanLine, sizeof kHandlerRanLine - 1);
}

std::uint64_t SyscallNs(clockid_t clock) {
  struct timespec ts {};
  syscall(SYS_clock_gettime, clock, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

void EmitMaps(int fd) {
  const VdsoMappings now = ReadVdsoMappings();
  JsonWriter json;
  json.BeginObject();
  json.Field("step", "maps");
  WriteRange(json, "vvar", now.vvar);
  WriteRange(json, "vdso", now.vdso);
  json.Field("sysinfo_ehdr", now.sysinfo_ehdr);
  json.EndObject();
  EmitStep(fd, json.text());
}

// mremap (or munmap when `unmap`) and one "remap" step with its outcome.
std::uint64_t Remap(int fd, const char* target, std::uint64_t old_addr, std::uint64_t old_len,
                    std::uint64_t new_len, int flags, std::uint64_t new_addr, bool unmap = false) {
  void* result = MAP_FAILED;
  int error = 0;
  if (unmap) {
    error = munmap(reinterpret_cast<void*>(old_addr), old_len) == 0 ? 0 : errno;
    result = error == 0 ? nullptr : MAP_FAILED;
  } else {
    result = mremap(reinterpret_cast<void*>(old_addr), old_len, new_len, flags,
                    reinterpret_cast<void*>(new_addr));
    error = result == MAP_FAILED ? errno : 0;
  }
  JsonWriter json;
  json.BeginObject();
  json.Field("step", "remap");
  json.Field("op", unmap ? "munmap" : "mremap");
  json.Field("target", target);
  json.Field("old_addr", old_addr);
  json.Field("old_len", old_len);
  json.Field("new_len", new_len);
  json.Field("flags", static_cast<std::int32_t>(flags));
  json.Field("requested_addr", new_addr);
  json.Field("result", reinterpret_cast<std::uint64_t>(result));
  json.Field("errno", static_cast<std::int32_t>(error));
  json.EndObject();
  EmitStep(fd, json.text());
  return error == 0 ? reinterpret_cast<std::uint64_t>(result) : 0;
}

// An inaccessible reservation of `length` bytes for MREMAP_FIXED to land in.
std::uint64_t Reserve(std::uint64_t length) {
  void* area = mmap(nullptr, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return area == MAP_FAILED ? 0 : reinterpret_cast<std::uint64_t>(area);
}

void EmitCalling(int fd, const char* entry) {
  EmitStep(fd, std::string("{\"step\":\"calling\",\"entry\":\"") + entry + "\"}");
}

void EmitSimpleStep(int fd, const char* step) {
  EmitStep(fd, std::string("{\"step\":\"") + step + "\"}");
}

void RaiseSignal(int fd) {
  g_report_fd = fd;
  struct sigaction action {};
  // No SA_RESTORER: where libc sets none (RISC-V) the kernel returns through the vDSO.
  action.sa_handler = OnSigusr1;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, nullptr);
  EmitSimpleStep(fd, "raising");
  raise(SIGUSR1);
  EmitSimpleStep(fd, "signal_returned");
}

// One "call" step: the answers of the vDSO call and of its syscall.
void EmitCall(int fd, const char* entry, const MremapCall& call) {
  JsonWriter json;
  json.BeginObject();
  json.Field("step", "call");
  json.Field("entry", entry);
  json.Field("ret", call.ret);
  json.Field("syscall_ret", call.syscall_ret);
  json.Field("value", call.value);
  json.Field("syscall_value", call.syscall_value);
  json.EndObject();
  EmitStep(fd, json.text());
}

// A "call" step for a clock read: the syscall clock before and after the vDSO's value.
void EmitBracketedCall(int fd, const char* entry, int ret, std::uint64_t before,
                       std::uint64_t value, std::uint64_t after) {
  JsonWriter json;
  json.BeginObject();
  json.Field("step", "call");
  json.Field("entry", entry);
  json.Field("ret", static_cast<std::int64_t>(ret));
  json.Field("syscall_ret", std::int64_t{0});
  json.Field("before", before);
  json.Field("value", value);
  json.Field("after", after);
  json.EndObject();
  EmitStep(fd, json.text());
}

void CallGetcpu(int fd, const EntryPoint& entry, const VdsoFunctions& vdso) {
  unsigned cpu = ~0u;
  const int ret = vdso.getcpu(&cpu, nullptr, nullptr);
  unsigned syscall_cpu = ~0u;
  const std::int64_t syscall_ret =
      KernelReturn(syscall(entry.syscall, &syscall_cpu, nullptr, nullptr));
  EmitCall(fd, entry.key, {ret, syscall_ret, cpu, syscall_cpu});
}

void CallClockGettime(int fd, const EntryPoint& entry, const VdsoFunctions& vdso) {
  const std::uint64_t before = SyscallNs(CLOCK_MONOTONIC);
  struct timespec ts {};
  const int ret = vdso.clock_gettime(CLOCK_MONOTONIC, &ts);
  const std::uint64_t after = SyscallNs(CLOCK_MONOTONIC);
  EmitBracketedCall(
      fd, entry.key, ret, before,
      static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec),
      after);
}

void CallClockGetres(int fd, const EntryPoint& entry, const VdsoFunctions& vdso) {
  struct timespec res {
  }, syscall_res{};
  const int ret = vdso.clock_getres(CLOCK_MONOTONIC, &res);
  const std::int64_t syscall_ret =
      KernelReturn(syscall(entry.syscall, CLOCK_MONOTONIC, &syscall_res));
  EmitCall(fd, entry.key, {ret, syscall_ret, res.tv_nsec, syscall_res.tv_nsec});
}

void CallGettimeofday(int fd, const EntryPoint& entry, const VdsoFunctions& vdso) {
  const std::uint64_t before = SyscallNs(CLOCK_REALTIME) / 1000;
  struct timeval tv {};
  const int ret = vdso.gettimeofday(&tv, nullptr);
  const std::uint64_t after = SyscallNs(CLOCK_REALTIME) / 1000;
  EmitBracketedCall(
      fd, entry.key, ret, before,
      static_cast<std::uint64_t>(tv.tv_sec) * 1000000u + static_cast<std::uint64_t>(tv.tv_usec),
      after);
}

void CallGetrandom(int fd, const EntryPoint& entry, const VdsoFunctions& vdso) {
  unsigned char buffer[16];
  const long ret = vdso.getrandom(buffer, sizeof buffer, 4 /* GRND_INSECURE */, nullptr, 0);
  JsonWriter json;
  json.BeginObject();
  json.Field("step", "call");
  json.Field("entry", entry.key);
  json.Field("ret", static_cast<std::int64_t>(ret));
  json.Field("syscall_ret", static_cast<std::int64_t>(sizeof buffer));
  json.EndObject();
  EmitStep(fd, json.text());
}

// Announces the call with a "calling" step, so that a fault is attributed, then makes it.
void CallEntry(int fd, const EntryPoint& entry, const VdsoFunctions& vdso, std::size_t index) {
  if (entry.kind == EntryKind::kOwn && entry.own->mremap_call == nullptr) return;
  EmitCalling(fd, entry.key);
  switch (entry.kind) {
    case EntryKind::kClockGettime:
      CallClockGettime(fd, entry, vdso);
      break;
    case EntryKind::kClockGetres:
      CallClockGetres(fd, entry, vdso);
      break;
    case EntryKind::kGettimeofday:
      CallGettimeofday(fd, entry, vdso);
      break;
    case EntryKind::kGetcpu:
      CallGetcpu(fd, entry, vdso);
      break;
    case EntryKind::kGetrandom:
      CallGetrandom(fd, entry, vdso);
      break;
    case EntryKind::kOwn:
      EmitCall(fd, entry.key, entry.own->mremap_call(vdso.entries[index]));
      break;
  }
}

// Calls every exported entry point of the [vdso] maps shows now, each announced by a
// "calling" step so a fault is attributed, then a "call" step with the raw answers. getcpu (a
// plain syscall on most architectures) comes first; the rest follow in the order of
// arch::EntryPoints().
void CallEntries(int fd) {
  VdsoFunctions vdso;
  std::string error;
  if (!ResolveCurrentVdsoFunctions(vdso, error)) {
    EmitStep(fd, "{\"step\":\"resolve_failed\"}");
    return;
  }
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (const bool getcpu : {true, false}) {
    for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
      if (vdso.entries[i] == nullptr || (entries[i].kind == EntryKind::kGetcpu) != getcpu) {
        continue;
      }
      CallEntry(fd, entries[i], vdso, i);
    }
  }
}

void SignalThenCalls(int fd) {
  RaiseSignal(fd);
  CallEntries(fd);
}

// Both mappings to a fresh place, their distance kept; `one_call` moves them with a single
// mremap over the whole span (only adjacent mappings). Returns false when nothing moved.
bool MovePair(int fd, const Layout& layout, bool one_call) {
  const std::uint64_t target = Reserve(layout.span);
  if (target == 0) {
    EmitSimpleStep(fd, "reserve_failed");
    return false;
  }
  const int flags = MREMAP_MAYMOVE | MREMAP_FIXED;
  if (one_call) {
    return Remap(fd, "pair", layout.low, layout.span, layout.span, flags, target) != 0;
  }
  const std::uint64_t vvar_len = layout.vvar.end - layout.vvar.start;
  const std::uint64_t vdso_len = layout.vdso.end - layout.vdso.start;
  const bool vvar_moved = Remap(fd, "vvar", layout.vvar.start, vvar_len, vvar_len, flags,
                                target + (layout.vvar.start - layout.low)) != 0;
  const bool vdso_moved = Remap(fd, "vdso", layout.vdso.start, vdso_len, vdso_len, flags,
                                target + (layout.vdso.start - layout.low)) != 0;
  return vvar_moved || vdso_moved;
}

struct ScenarioArgument {
  const char* name;
  Layout layout;
};

void RunScenario(int fd, void* raw_argument) {
  const auto& argument = *static_cast<const ScenarioArgument*>(raw_argument);
  const Layout& layout = argument.layout;
  const std::string name = argument.name;
  const std::uint64_t vvar_len = layout.vvar.end - layout.vvar.start;
  const std::uint64_t vdso_len = layout.vdso.end - layout.vdso.start;
  if (name == "move_pair" || name == "move_pair_one_call") {
    MovePair(fd, layout, name == "move_pair_one_call");
  } else if (name == "move_vdso_alone") {
    // The vDSO finds its data PC-relatively below its text: leave that place unmapped.
    const std::uint64_t target = Reserve(vvar_len + vdso_len);
    if (target == 0) return EmitSimpleStep(fd, "reserve_failed");
    munmap(reinterpret_cast<void*>(target), vvar_len);
    Remap(fd, "vdso", layout.vdso.start, vdso_len, vdso_len, MREMAP_MAYMOVE | MREMAP_FIXED,
          target + vvar_len);
  } else if (name == "grow_vdso") {
    Remap(fd, "vdso", layout.vdso.start, vdso_len, vdso_len + layout.page, MREMAP_MAYMOVE, 0);
  } else if (name == "shrink_vvar") {
    Remap(fd, "vvar", layout.vvar.start, vvar_len, vvar_len - layout.page, 0, 0);
  } else if (name == "move_part_of_vvar") {
    const std::uint64_t target = Reserve(layout.page);
    if (target == 0) return EmitSimpleStep(fd, "reserve_failed");
    Remap(fd, "vvar", layout.vvar.end - layout.page, layout.page, layout.page,
          MREMAP_MAYMOVE | MREMAP_FIXED, target);
  } else if (name == "dontunmap_vdso") {
    Remap(fd, "vdso", layout.vdso.start, vdso_len, vdso_len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
  } else if (name == "dontunmap_vvar") {
    Remap(fd, "vvar", layout.vvar.start, vvar_len, vvar_len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
  } else if (name == "munmap_vdso_then_signal") {
    Remap(fd, "vdso", layout.vdso.start, vdso_len, 0, 0, 0, /*unmap=*/true);
    EmitMaps(fd);
    RaiseSignal(fd);
    return;
  } else if (name == "fork_after_move") {
    MovePair(fd, layout, false);
    EmitMaps(fd);
    const pid_t child = fork();
    if (child == 0) {
      alarm(2);  // the scenario's deadline covers this grandchild too; this is belt and braces
      EmitSimpleStep(fd, "forked_child_started");
      SignalThenCalls(fd);
      _exit(0);
    }
    int status = 0;
    while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    JsonWriter json;
    json.BeginObject();
    json.Field("step", "forked_child_ended");
    json.Field("fork_errno", static_cast<std::int32_t>(child < 0 ? errno : 0));
    json.Field("exit_code",
               static_cast<std::int32_t>(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    json.Field("signal", static_cast<std::int32_t>(WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    json.EndObject();
    EmitStep(fd, json.text());
    return;
  }
  EmitMaps(fd);
  SignalThenCalls(fd);
}

constexpr const char* kScenarioNames[] = {
    "move_pair",      "move_pair_one_call", "move_vdso_alone",
    "grow_vdso",      "shrink_vvar",        "move_part_of_vvar",
    "dontunmap_vdso", "dontunmap_vvar",     "munmap_vdso_then_signal",
    "fork_after_move"};

// The VmFlags of the smaps entry starting at `start` ("rd ex mr mw me de sl"), or "".
std::string VmFlags(std::uint64_t start) {
  char prefix[32];
  snprintf(prefix, sizeof prefix, "%lx-", static_cast<unsigned long>(start));
  std::FILE* smaps = std::fopen("/proc/self/smaps", "r");
  if (smaps == nullptr) return "";
  char line[512];
  bool inside = false;
  std::string flags;
  while (std::fgets(line, sizeof line, smaps) != nullptr) {
    if (std::strncmp(line, prefix, std::strlen(prefix)) == 0) inside = true;
    if (inside && std::strncmp(line, "VmFlags:", 8) == 0) {
      flags = line + 8;
      while (!flags.empty() && (flags.back() == '\n' || flags.back() == ' ')) flags.pop_back();
      while (!flags.empty() && flags.front() == ' ') flags.erase(0, 1);
      break;
    }
  }
  std::fclose(smaps);
  return flags;
}

}  // namespace

bool ProbeVdsoMremap(ProbeContext& context) {
  JsonWriter& data = context.data;
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vvar || !mappings.vdso) {
    context.error = "no [vvar] or [vdso] line in /proc/self/maps";
    return false;
  }
  Layout layout;
  layout.vvar = *mappings.vvar;
  layout.vdso = *mappings.vdso;
  layout.page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  layout.low = layout.vvar.start < layout.vdso.start ? layout.vvar.start : layout.vdso.start;
  const std::uint64_t high = layout.vvar.end > layout.vdso.end ? layout.vvar.end : layout.vdso.end;
  layout.span = high - layout.low;
  data.Field("page_size", layout.page);
  data.Field("sysinfo_ehdr", mappings.sysinfo_ehdr);
  WriteRange(data, "vvar", mappings.vvar);
  WriteRange(data, "vdso", mappings.vdso);
  data.Field("vvar_vm_flags", VmFlags(layout.vvar.start));
  data.Field("vdso_vm_flags", VmFlags(layout.vdso.start));
  data.Key("scenarios");
  data.BeginArray();
  for (const char* name : kScenarioNames) {
    ScenarioArgument argument{name, layout};
    const std::uint64_t started = MonotonicNowNs();
    const ForkedSteps steps = RunForkedSteps(&RunScenario, &argument, kScenarioTimeoutMs);
    data.BeginObject();
    data.Field("name", name);
    data.Field("elapsed_us", (MonotonicNowNs() - started) / 1000);
    if (!steps.started) data.Field("error", steps.error);
    WriteForkedSteps(data, steps);
    data.EndObject();
  }
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
