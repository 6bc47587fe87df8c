// Synthetic vdso.diff and vdso.fallback documents shaped like RISC-V's agent's (probes.h), in which
// the vDSO agrees with the syscall everywhere; tests break one field to see a check fail.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vdsoconf::live::testing {

// A context's "matrix" object: clock ids -3..31 (0..11 succeed with the vDSO 100 ns after the
// syscall and 100 ns before the next; the rest fail with -EINVAL and untouched sentinel
// outputs), four gettimeofday pointer combinations, getcpu, one hwprobe case, getrandom and
// flush_icache, every entry exported.
nlohmann::json AgreeingMatrix();

// The documents of one boot (agent-start with `release`, then the vdso.diff probe with
// AgreeingMatrix() in every context of DiffContexts()).
nlohmann::json DiffDocuments(const std::string& release = "7.2.13+deb14-riscv64");

// A vdso.fallback data object whose every row took the route the 7.2 model predicts (riscv
// timer clocksource, aux clocks disabled).
nlohmann::json FallbackData72();

// The row of `entry` in `data` whose "clock" is `clock`.
nlohmann::json& RowOfClock(nlohmann::json& rows, int clock);

}  // namespace vdsoconf::live::testing
