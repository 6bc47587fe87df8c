// The invariants the reference reader must keep for every input: the checks of the model fuzzer
// (fuzz/model/model_fuzzer.cc), as pure functions so unit tests can feed each one a broken result
// and see it fail.
//
// Every check returns std::nullopt when the invariant holds, else a Violation whose `rule` is a
// constant string (the stable part a finding is deduplicated by) and whose `details` print every
// value involved. Nothing allocates unless a check fails.
//
// The kernel code each rule restates (lib/vdso/gettimeofday.c, include/vdso/helpers.h):
//   normalised-timespec   vdso_set_timespec() leaves 0 <= tv_nsec < NSEC_PER_SEC: every path
//                         but plain do_coarse(), which copies basetime[] verbatim.
//   coarse-copy           do_coarse() returns exactly basetime[clk] {sec, nsec} of the page.
//   outcome-shape         returned <=> stored, no syscall; a fallback names its syscall and reason;
//                         a spin names its kind; only do_aux() can leave the model's pages.
//   clock-id-class        the (u32) range check and the VDSO_* masks decide before any read
//                         (clock_getres: before any read but page 0's clock_mode).
//   seq-decides-spin      idle writer: an odd seq on the page read spins (unless it is a time
//                         namespace page and CONFIG_TIME_NS is on); an even one never retries.
//   gettimeofday-agrees   gettimeofday's tv is clock_gettime(CLOCK_REALTIME) truncated to us, and
//                         both fall back (each to its own syscall) or spin together; tz comes from
//                         the real page's tail.
//   getres-value          clock_getres: hrtimer_res for HRES/RAW ids, TICK_NSEC for COARSE, 1 for
//                         AUX; never spins, never reads a seq.
//   no-torn-value         with a writer that makes seq odd, writes, and makes it even again
//                         (bumped), the value returned is the one of the state before or after,
//                         never a mix; a section the writer overlapped is retried.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "vdsoconf/fuzz/model_feedback.h"
#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/fuzz/model_state.h"
#include "vdsoconf/reference/clock_result.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::fuzz {

struct Violation {
  std::string_view rule;  // constant: "normalised-timespec", ...
  std::string details;    // every value involved
};

// normalised-timespec: for a returned clock_gettime result on any path but kCoarse.
std::optional<Violation> CheckNormalised(const ref::ClockResult& result);

// coarse-copy: for a returned kCoarse result, ts must be `base` bit for bit.
std::optional<Violation> CheckCoarseCopy(const ref::ClockResult& result,
                                         const ref::VdsoTimestamp& base);

// outcome-shape for clock_gettime (expected syscall kClockGettime) or clock_getres (kClockGetres).
std::optional<Violation> CheckOutcomeShape(const ref::ClockResult& result, ref::Syscall syscall,
                                           bool out_present);

// clock-id-class: ids out of range or in no mask fall back with that reason, before reading
// anything (clock_getres may read page 0's clock_mode first, for ids in no mask: its namespace
// switch comes before the mask test).
std::optional<Violation> CheckClockIdClass(ref::Generation generation, std::int32_t clock_id,
                                           const ref::ClockResult& result, bool getres);

// seq-decides-spin: clock_gettime with an idle writer on `state`.
std::optional<Violation> CheckSeqDecidesSpin(const ModelInput& input, const ref::VvarState& state,
                                             const ref::ClockResult& result);

// gettimeofday-agrees: `realtime` is clock_gettime(CLOCK_REALTIME) on the same state and counter.
std::optional<Violation> CheckGettimeofdayAgrees(const ModelInput& input,
                                                 const ref::VvarState& state,
                                                 const ref::ClockResult& realtime,
                                                 const ref::GettimeofdayResult& gtod);

// getres-value: clock_getres on `state`.
std::optional<Violation> CheckGetresValue(const ModelInput& input, const ref::VvarState& state,
                                          const ref::ClockResult& result);

// no-torn-value: `with_writer` ran under WriterSource; `before`/`after` under idle writers on
// the states before and after the write. Holds vacuously for a writer that does not follow the
// protocol (seq odd before or after, or not changed) or whose pages lie about being a time
// namespace page (a real page with clock_mode TIMENS, a namespace page without it or seq != 1).
std::optional<Violation> CheckNoTornValue(const ModelInput& input,
                                          const ref::ClockResult& with_writer,
                                          const ref::ClockResult& before,
                                          const ref::ClockResult& after);

// Runs the property the input selects on the reference model and applies every check above
// that concerns it. `states` is scratch space reused between calls. With `log`, the property's
// reader calls are noted there as libFuzzer features (model_feedback.h), before any check.
std::optional<Violation> CheckModelInput(const ModelInput& input, ModelStates& states,
                                         BehaviourLog* log = nullptr);

// The model fuzzer's whole step for one input (fuzz/model/model_fuzzer.cc): decodes `bytes`
// (ReadModelInput), runs CheckModelInput on states kept across calls, and on a violation prints
// "vdsoconf-model-invariant: RULE: details" to stderr and aborts. Returns when every invariant
// holds. Its reader calls are reported to libFuzzer as behaviours (model_feedback.h), the
// model fuzzer's only features: neither this library nor the reader has coverage counters.
void CheckModelBytesOrAbort(std::span<const std::uint8_t> bytes);

}  // namespace vdsoconf::fuzz
