#include "bad_input_batch.h"

#include <sys/mman.h>
#include <unistd.h>

#include "json_writer.h"
#include "mremap_forked_steps.h"
#include "probe_runner.h"

namespace vdsoconf::agent {
namespace {

void OnFault(int signal, siginfo_t* info, void*) {
  g_bad_input_fault_signal = signal;
  g_bad_input_fault_code = info->si_code;
  g_bad_input_fault_address = info->si_addr;
  siglongjmp(g_bad_input_fault_return, 1);
}

}  // namespace

bool MakeBadInputArena(BadInputArena& arena) {
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

void EmitBadInputCase(BadInputBatch& batch, const char* name, const BadInputAnswer& vdso,
                      const BadInputAnswer& syscall_answer) {
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

void ArmBadInputFaultHandler() {
  struct sigaction action {};
  action.sa_sigaction = OnFault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, nullptr);
  sigaction(SIGBUS, &action, nullptr);
}

}  // namespace vdsoconf::agent
