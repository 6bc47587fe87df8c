// CallRequests for the clock entry points, as check-image makes them: the int clock id passed
// sign-extended (LP64), fresh output buffers, one counter value for every read, and every
// caught ecall answering kSyscallSentinel.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/check/vvar_states.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

// clock_gettime(clock_id, &ts) or clock_getres(clock_id, buffer_present ? &res : NULL).
CallRequest ClockCall(std::uint64_t entry, std::int32_t clock_id, bool buffer_present,
                      std::uint64_t counter);

// gettimeofday(tv_present ? &tv : NULL, tz_present ? &tz : NULL).
CallRequest GettimeofdayCall(std::uint64_t entry, bool tv_present, bool tz_present,
                             std::uint64_t counter);

// Makes `calls` run against `state`: the first call carries the state's bytes as the new vvar
// baseline (the baseline persists, so the others need not). Requires a non-empty `calls`.
void RunAgainst(const GeneratedState& state, std::span<CallRequest> calls);

// Clock ids every clock check covers: -3 .. 31 (negative dynamic ids, every static id, the 7.2
// aux range 16..23, and ids past every range).
inline constexpr std::int32_t kFirstClockId = -3;
inline constexpr std::int32_t kLastClockId = 31;

}  // namespace vdsoconf::riscv::check
