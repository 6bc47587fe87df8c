#include "diff_contexts.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>

#include "child_report.h"
#include "diff_matrix.h"
#include "guest_io.h"
#include "json_writer.h"
#include "time_namespace.h"
#include "vdso_mappings.h"

namespace vdsoconf::agent {
namespace {

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// Offsets with every field distinct from vvar.timens's, so the two probes' namespaces are
// told apart in a console log.
constexpr std::int64_t kMonotonicOffsetSec = 3 * 86400, kMonotonicOffsetNsec = 111111111;
constexpr std::int64_t kBoottimeOffsetSec = 5 * 86400, kBoottimeOffsetNsec = 222222222;

std::string ErrnoText(const char* what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

// One context object; `setup` and `matrix` are JSON texts ("" for null).
std::string ContextObject(const char* name, const std::string& setup, const std::string& error,
                          const std::string& matrix) {
  JsonWriter json;
  json.BeginObject();
  json.Field("context", name);
  json.Key("setup");
  setup.empty() ? json.Null() : json.Raw(setup);
  json.Key("error");
  error.empty() ? json.Null() : json.String(error);
  json.Key("matrix");
  matrix.empty() ? json.Null() : json.Raw(matrix);
  json.EndObject();
  return json.Take();
}

std::string MatrixObject(const DiffMatrix& matrix) {
  JsonWriter json;
  json.BeginObject();
  WriteDiffMatrix(json, matrix);
  json.EndObject();
  return json.Take();
}

std::string RunAndWrite(const VdsoFunctions& functions) {
  const auto matrix = std::make_unique<DiffMatrix>();
  RunDiffMatrix(functions, *matrix);
  return MatrixObject(*matrix);
}

std::string OffsetsSetup(int unshare_errno) {
  JsonWriter json;
  json.BeginObject();
  json.Key("monotonic_offset");
  json.BeginObject();
  json.Field("sec", kMonotonicOffsetSec);
  json.Field("nsec", kMonotonicOffsetNsec);
  json.EndObject();
  json.Key("boottime_offset");
  json.BeginObject();
  json.Field("sec", kBoottimeOffsetSec);
  json.Field("nsec", kBoottimeOffsetNsec);
  json.EndObject();
  json.Field("unshare_errno", static_cast<std::int32_t>(unshare_errno));
  json.EndObject();
  return json.Take();
}

bool WriteTimensOffsets(std::string& error) {
  return SetTimeNamespaceOffsets(
      {kMonotonicOffsetSec, kMonotonicOffsetNsec, kBoottimeOffsetSec, kBoottimeOffsetNsec}, error);
}

// Runs in the child that unshared: its children are the namespace's tasks.
std::string MatrixOfExecdAgent(std::string& error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = ErrnoText("pipe2", errno);
    return "";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
    char program[] = "/proc/self/exe";
    char argument[64];
    std::strncpy(argument, kDiffMatrixArgument, sizeof(argument) - 1);
    argument[sizeof(argument) - 1] = '\0';
    char* argv[] = {program, argument, nullptr};
    char* envp[] = {nullptr};
    execve(program, argv, envp);
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    error = ErrnoText("fork", errno);
    close(fds[0]);
    return "";
  }
  std::string text = ReadWholeFdUntilEof(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    error = "the exec'd agent ended with wait status " + std::to_string(status) +
            " after writing " + std::to_string(text.size()) + " bytes";
    return "";
  }
  return text;
}

std::string TimensContext(const VdsoFunctions& functions, bool exec_inside) {
  const char* name = exec_inside ? "timens_exec" : "timens";
  if (unshare(CLONE_NEWTIME) != 0) {
    const int error = errno;
    return ContextObject(name, OffsetsSetup(error), ErrnoText("unshare(CLONE_NEWTIME)", error), "");
  }
  std::string error;
  if (!WriteTimensOffsets(error)) return ContextObject(name, OffsetsSetup(0), error, "");
  const std::string matrix =
      exec_inside ? MatrixOfExecdAgent(error)
                  : ReportFromChild([&functions] { return RunAndWrite(functions); }, error);
  return ContextObject(name, OffsetsSetup(0), error, matrix);
}

std::string MremapSetup(const MappingRange& vvar, const MappingRange& vdso, std::uint64_t to) {
  JsonWriter json;
  json.BeginObject();
  json.Field("vvar_from", vvar.start);
  json.Field("vdso_from", vdso.start);
  json.Field("size", std::max(vvar.end, vdso.end) - std::min(vvar.start, vdso.start));
  json.Field("moved_to", to);
  json.EndObject();
  return json.Take();
}

// Moves one mapping to `to` (MREMAP_FIXED replaces what the reservation put there).
bool MoveMapping(const MappingRange& range, std::uint64_t to, const char* name,
                 std::string& error) {
  void* moved =
      mremap(reinterpret_cast<void*>(range.start), range.end - range.start, range.end - range.start,
             MREMAP_MAYMOVE | MREMAP_FIXED, reinterpret_cast<void*>(to));
  if (moved == MAP_FAILED) {
    error = ErrnoText((std::string("mremap ") + name).c_str(), errno);
    return false;
  }
  return true;
}

std::string MremapContext() {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vvar || !mappings.vdso) {
    return ContextObject("mremap", "", "no [vvar] and [vdso] in /proc/self/maps", "");
  }
  const MappingRange& vvar = *mappings.vvar;
  const MappingRange& vdso = *mappings.vdso;
  const std::uint64_t low = std::min(vvar.start, vdso.start);
  const std::uint64_t high = std::max(vvar.end, vdso.end);
  if (high - low != (vvar.end - vvar.start) + (vdso.end - vdso.start)) {
    return ContextObject("mremap", MremapSetup(vvar, vdso, 0), "[vvar] and [vdso] are not adjacent",
                         "");
  }
  // A fresh reservation is a place neither mapping overlaps.
  void* reservation =
      mmap(nullptr, high - low, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (reservation == MAP_FAILED) {
    return ContextObject("mremap", MremapSetup(vvar, vdso, 0), ErrnoText("mmap", errno), "");
  }
  const auto to = reinterpret_cast<std::uint64_t>(reservation);
  const std::string setup = MremapSetup(vvar, vdso, to);
  std::string error;
  if (!MoveMapping(vvar, to + (vvar.start - low), "[vvar]", error) ||
      !MoveMapping(vdso, to + (vdso.start - low), "[vdso]", error)) {
    return ContextObject("mremap", setup, error, "");
  }
  VdsoFunctions moved;
  if (!ResolveCurrentVdsoFunctions(moved, error)) {
    return ContextObject("mremap", setup, "resolving the moved image: " + error, "");
  }
  return ContextObject("mremap", setup, "", RunAndWrite(moved));
}

std::string TaiSetup(int read_errno, long tai_before, long tai_set, int set_errno,
                     int restore_errno) {
  JsonWriter json;
  json.BeginObject();
  json.Field("read_errno", static_cast<std::int32_t>(read_errno));
  json.Field("tai_before", static_cast<std::int64_t>(tai_before));
  json.Field("tai_set", static_cast<std::int64_t>(tai_set));
  json.Field("set_errno", static_cast<std::int32_t>(set_errno));
  json.Field("restore_errno", static_cast<std::int32_t>(restore_errno));
  json.EndObject();
  return json.Take();
}

int SetTai(long tai) {
  struct timex tx {};
  tx.modes = ADJ_TAI;
  tx.constant = tai;
  return adjtimex(&tx) < 0 ? errno : 0;
}

}  // namespace

std::string DiffInInitialNamespaces(const VdsoFunctions& functions) {
  return ContextObject("init", "", "", RunAndWrite(functions));
}

std::string DiffInSecondThread(const VdsoFunctions& functions) {
  const auto matrix = std::make_unique<DiffMatrix>();
  std::thread thread([&functions, &matrix] { RunDiffMatrix(functions, *matrix); });
  thread.join();
  return ContextObject("thread", "", "", MatrixObject(*matrix));
}

std::string DiffInVforkChild(const VdsoFunctions& functions) {
  const auto matrix = std::make_unique<DiffMatrix>();
  DiffMatrix* shared = matrix.get();
  const pid_t pid = vfork();
  if (pid == 0) {
    RunDiffMatrix(functions, *shared);  // allocates nothing: safe before _exit
    _exit(0);
  }
  if (pid < 0) return ContextObject("vfork", "", ErrnoText("vfork", errno), "");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return ContextObject("vfork", "",
                         "vfork child ended with wait status " + std::to_string(status), "");
  }
  return ContextObject("vfork", "", "", MatrixObject(*matrix));
}

std::string DiffInTimeNamespace(const VdsoFunctions& functions, bool exec_inside) {
  std::string error;
  // The unshare happens in a child so this process stays in the initial namespace.
  std::string context = ReportFromChild(
      [&functions, exec_inside] { return TimensContext(functions, exec_inside); }, error);
  if (!error.empty()) {
    return ContextObject(exec_inside ? "timens_exec" : "timens", "", error, "");
  }
  return context;
}

std::string DiffAfterMremap() {
  std::string error;
  std::string context = ReportFromChild(&MremapContext, error);
  return error.empty() ? context : ContextObject("mremap", "", error, "");
}

std::string DiffWithTaiOffset(const VdsoFunctions& functions) {
  struct timex tx {};
  const int read_errno = adjtimex(&tx) < 0 ? errno : 0;
  if (read_errno != 0) {
    return ContextObject("tai", TaiSetup(read_errno, 0, 0, 0, 0), ErrnoText("adjtimex", read_errno),
                         "");
  }
  const long before = tx.tai;
  const long set = before == 37 ? 38 : 37;  // non-zero and a change either way
  const int set_errno = SetTai(set);
  if (set_errno != 0) {
    return ContextObject("tai", TaiSetup(0, before, set, set_errno, 0),
                         ErrnoText("adjtimex(ADJ_TAI)", set_errno), "");
  }
  std::string error;
  const std::string matrix =
      ReportFromChild([&functions] { return RunAndWrite(functions); }, error);
  const int restore_errno = SetTai(before);
  return ContextObject("tai", TaiSetup(0, before, set, 0, restore_errno), error, matrix);
}

}  // namespace vdsoconf::agent
