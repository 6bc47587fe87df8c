// Comparing one vDSO call as the reference model predicts it with what the real image did under
// the architecture's executor (vdsoconf/targets/image_executor.h): the checks of the differential
// fuzzer (fuzz/differential/differential_fuzzer.cc), as pure functions so unit tests
// (suites/fuzz/differential_compare_test.cc) can show each one failing on a made-up image result.
//
// What "agree" means, per model outcome (lib/vdso/gettimeofday.c is what both sides implement):
//   returned   the image returned 0 without a system call, stored exactly the model's bytes in
//              every buffer the model writes, left the others untouched
//              (targets::kOutputBufferFill), and read the counter as many times as the model did;
//   fallback   the image made exactly one system call, the model's syscall number, with the
//              caller's clock id as its first argument (clock_gettime, clock_getres), returned what
//              the kernel returned and stored nothing itself;
//   would-spin the image hung (the executor's watchdog expired);
//   outside    (7.2 do_aux() past the modelled pages) nothing is compared.
// A fault inside the image never agrees. A hang where the model returns agrees only when the
// model says the call is legitimately slow: vdso_set_timespec()'s __iter_div_u64_rem() loops
// ns / 1e9 times, so a counter far beyond cycle_last makes the real call take seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/targets/image_executor.h"

namespace vdsoconf::fuzz {

// A disagreement, printed by the fuzzer as "vdsoconf-finding: KIND: WHAT: DETAILS". KIND and WHAT
// are constant for one bug (the campaign deduplicates by them, see finding_key.h); DETAILS holds
// every value involved.
struct Disagreement {
  std::string kind;  // "divergence", "model-bug", "documented", "infra"
  std::string what;  // "clock_gettime/hres: value"
  std::string details;
};

// The entry points the differential fuzzer calls.
enum class ClockEntry { kClockGettime, kClockGetres };

// "clock_gettime" / "clock_getres".
std::string_view ClockEntryName(ClockEntry entry);

// A division loop this long cannot finish inside the executor's watchdog under qemu-user (a few
// ns per iteration): a hang of the image is then the model's "slow" answer, not a divergence.
inline constexpr std::uint64_t kSlowDivisionIterations = 200'000;

// Compares clock_gettime(clock_id, buf) or clock_getres(clock_id, res) (res NULL when
// !out_present; clock_gettime always has a buffer). `syscall_return` is what the executor made
// every system call return. Returns std::nullopt when they agree (see above).
std::optional<Disagreement> CompareClockCall(ClockEntry entry, std::int32_t clock_id,
                                             bool out_present, const ref::ClockResult& model,
                                             const targets::EntryCallResult& image,
                                             std::int64_t syscall_return);

// Compares gettimeofday(tv, tz) with tv/tz present as given (each present one is an output
// buffer, in that order, in image.buffers).
std::optional<Disagreement> CompareGettimeofday(bool tv_present, bool tz_present,
                                                const ref::GettimeofdayResult& model,
                                                const targets::EntryCallResult& image,
                                                std::int64_t syscall_return);

}  // namespace vdsoconf::fuzz
