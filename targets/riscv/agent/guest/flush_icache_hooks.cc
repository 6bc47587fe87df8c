// flush_icache in the generic probes: its row of vdso.diff and vdso.fallback and its cases of
// vdso.bad_input. vdso.mremap does not call it (it reads nothing of [vvar]).
#include <unistd.h>

#include <cstdint>

#include "bad_input_batch.h"
#include "json_writer.h"
#include "kernel_return.h"
#include "own_entries.h"

namespace vdsoconf::agent::arch {
namespace {

// Instructions to flush: any range of the agent's own text would do.
const std::uint32_t kCode[4] = {};

void* CodeStart() {
  return const_cast<std::uint32_t*>(kCode);
}

void* CodeEnd() {
  return const_cast<std::uint32_t*>(kCode + 4);
}

void RunDiff(RawEntry entry, OwnDiffRows& own) {
  const auto vdso = reinterpret_cast<FlushIcache>(entry);
  own.flush_icache_syscall = KernelReturn(syscall(kSysRiscvFlushIcache, CodeStart(), CodeEnd(), 0));
  own.flush_icache_vdso = vdso(CodeStart(), CodeEnd(), 0);
}

//   "flush_icache": [{"syscall": {"ret": N}, "vdso": {"ret": N}}]
void WriteDiff(JsonWriter& json, const OwnDiffRows& own) {
  json.BeginObject();
  json.Key("syscall");
  json.BeginObject();
  json.Field("ret", own.flush_icache_syscall);
  json.EndObject();
  json.Key("vdso");
  json.BeginObject();
  json.Field("ret", own.flush_icache_vdso);
  json.EndObject();
  json.EndObject();
}

FallbackRow Fallback(RawEntry entry) {
  const auto vdso = reinterpret_cast<FlushIcache>(entry);
  const long vdso_ret = vdso(CodeStart(), CodeEnd(), 0);
  return {nullptr, vdso_ret,
          KernelReturn(syscall(kSysRiscvFlushIcache, CodeStart(), CodeEnd(), 0))};
}

void BadInput(BadInputBatch& batch, RawEntry entry) {
  const auto vdso_call = reinterpret_cast<FlushIcache>(entry);
  BadInputArena& a = batch.arena;
  for (const unsigned long flags : {0ul, 2ul}) {
    const char* name = flags == 0 ? "flush_icache.flags_0" : "flush_icache.flags_2";
    const BadInputAnswer vdso = Protected(vdso_call != nullptr, [&](BadInputAnswer& answer) {
      answer.ret = vdso_call(a.valid, a.valid + 64, flags);
    });
    BadInputAnswer syscall_answer;
    syscall_answer.ret = KernelReturn(syscall(kSysRiscvFlushIcache, a.valid, a.valid + 64, flags));
    EmitBadInputCase(batch, name, vdso, syscall_answer);
  }
}

}  // namespace

const OwnEntryHooks kFlushIcacheHooks{
    .run_diff = &RunDiff,
    .write_diff = &WriteDiff,
    .fallback = &Fallback,
    .bad_input = &BadInput,
};

}  // namespace vdsoconf::agent::arch
