// check-image.passthrough: the entry points that are a bare syscall (getcpu, and flush_icache
// with CONFIG_SMP; ref::EntryBehaviour kSyscallPassthrough, ref::riscv::ModelVdsoFlushIcache) issue
// exactly their syscall with a0..a5 unchanged and return its a0, without reading the counter.
// rt_sigreturn is not called: it never returns to its caller (it is only a signal frame's
// return address), so the executor could not run past it.
#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

// Distinct, recognisable register values: a0..a5 must reach the kernel as they are.
constexpr std::uint64_t kArgs[6] = {0x1111'2222'3333'4444, 0x5555'6666'7777'8888,
                                    0x9999'aaaa'bbbb'cccc, 0xdddd'eeee'ffff'0001,
                                    0x0123'4567'89ab'cdef, 0xfedc'ba98'7654'3210};

CheckOutcome RunPassthrough(const CheckContext& context) {
  CheckRecorder recorder("check-image.passthrough");
  std::vector<const ref::EntryPoint*> entries;
  std::vector<CallRequest> calls;
  std::vector<ExpectedCall> expectations;
  for (const ref::EntryPoint& entry :
       ref::riscv::VdsoEntryPoints(context.facts.layout.generation)) {
    const bool passthrough = entry.behaviour == ref::EntryBehaviour::kSyscallPassthrough;
    const bool flush = entry.name == ref::riscv::kFlushIcacheSymbol;
    if (!passthrough && !flush) continue;
    const auto offset = context.Entry(entry.name);
    if (!offset) continue;  // check-image.entry_points reports the missing symbol
    CallRequest call;
    call.entry_offset = *offset;
    for (const std::uint64_t arg : kArgs) call.args.push_back(Arg::Value(arg));
    call.syscall_return = kSyscallSentinel;
    ExpectedCall expected;
    expected.counter_reads = 0;
    const bool issues_syscall =
        passthrough || ref::riscv::ModelVdsoFlushIcache(context.facts.config_smp).issues_syscall;
    if (issues_syscall) {
      expected.path = ExpectedCall::Path::kFallback;
      expected.return_value = static_cast<std::uint64_t>(kSyscallSentinel);
      expected.syscall = static_cast<std::uint64_t>(entry.syscall_nr);
      for (const std::uint64_t arg : kArgs)
        expected.syscall_args.push_back(ExpectedArg::Exact(arg));
      expected.model = "syscall " + std::to_string(entry.syscall_nr) + " with a0..a5 unchanged";
    } else {
      expected.model = "fence.i, return 0";
    }
    entries.push_back(&entry);
    calls.push_back(std::move(call));
    expectations.push_back(std::move(expected));
  }
  if (calls.empty()) return recorder.Skip("the image exports no pass-through entry point");
  calls.front().vvar_full = context.states.Representative().bytes;
  const std::vector<CallResult> results = context.executor.Run(calls);
  recorder.CountCalls(results.size());
  nlohmann::json covered = nlohmann::json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    covered.push_back(entries[i]->name);
    recorder.CountComparisons(1);
    const std::string difference = CompareCall(results[i], expectations[i]);
    if (difference.empty()) continue;
    recorder.Fail(std::string(entries[i]->name) + ": " + difference,
                  {{"entry", entries[i]->name},
                   {"image", DescribeCallResult(results[i])},
                   {"model", DescribeExpected(expectations[i])}});
  }
  recorder.AddEvidence("entries", covered);
  recorder.AddEvidence("not_called", "__vdso_rt_sigreturn (never returns to its caller)");
  return recorder.Finish("every pass-through entry issues its syscall with a0..a5 unchanged");
}

const CheckRegistration kRegistration{{"check-image.passthrough", 18, RunPassthrough}};

}  // namespace
}  // namespace vdsoconf::riscv::check
