// The writer injections of check-image.seqlock, and what the model says each must produce.
//
// For one vvar state and each clock id the vDSO answers itself, a scenario injects a writer at
// one point of the read (executor.h Injection) and the MirrorSource-driven model
// (seqlock_mirror_source.h) predicts the whole call: counter reads, pauses, the answer.
//
// Scenarios per counter-based clock (REALTIME, MONOTONIC, BOOTTIME, TAI, MONOTONIC_RAW), for
// each n = 1 .. max_counter_read (earlier counter reads 1 .. n-1 each see a seq bump, so that
// there is an nth read):
//   odd-n    at counter read n seq becomes odd (a writer started); at the next pause the writer
//            finishes (seq + 2 from where it was, basetime and cycle_last changed). The image must
//            retry, pause once, and answer from the post-write state with the (n+1)th counter.
//   bump-n   at counter read n seq += 2 and nothing else: one more retry, same data.
//   write-n  at counter read n a whole update (seq += 2, basetime[clk] and cycle_last changed):
//            a retry, and the answer comes from the new data.
//   torn-n   at counter read n basetime[clk] and cycle_last change but seq does not (a writer
//            that breaks the protocol): no retry, and the model says the data read after the
//            counter is the new data. An image that reads the clock data before its counter
//            read, or outside the seq window, answers from the old data and fails here.
// And for every clock the vDSO reads under the seqlock (the coarse ones too), spin-m for
// m = 1..3: seq is odd before the call and becomes even (with new data) at the mth pause.
//
// The injections write to the clock structure the kernel's reader takes its seq from: page 0's
// clock[CS_HRES_COARSE] or clock[CS_RAW], or page 1's when page 0 is a time-namespace page.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

struct SeqlockScenario {
  std::string name;  // "write-2"
  std::int32_t clock_id = 0;
  // Written into the vvar before the call (the odd seq of spin-m).
  std::vector<VvarWrite> setup;
  std::vector<Injection> injections;
  std::vector<std::uint64_t> counters;
  // "counter#2: vdso_time_data.clock_data[0].seq=0x30e", one per written field, for reports.
  std::vector<std::string> notes;
};

// The scenarios above for `state` (a layout-`layout` state with a running ARCHTIMER clock) and
// every clock id `policy`'s vDSO answers from vvar. Deterministic. Empty when the clock is not
// readable (clock_mode NONE).
std::vector<SeqlockScenario> BuildSeqlockScenarios(const ref::Layout& layout,
                                                   const ref::VvarState& state,
                                                   const ref::ReaderPolicy& policy,
                                                   std::uint32_t max_counter_read);

struct SeqlockPrediction {
  ref::ClockResult model;
  // The call as the framework compares it (path, return, buffers, counter reads), plus the
  // pauses, which only this check predicts (nullopt for a spin: the watchdog decides the count).
  ExpectedCall expected;
  std::optional<std::uint32_t> pauses;
  // Every injection the scenario holds was reached by the model: otherwise the scenario does not
  // test what its name says (a planning error, reported as such).
  bool all_injections_reached = false;
};

// The model's answer for `scenario` run on the vvar bytes `vvar` (laid out as policy's layout).
SeqlockPrediction PredictSeqlock(const SeqlockScenario& scenario,
                                 std::span<const std::uint8_t> vvar,
                                 const ref::ReaderPolicy& policy);

// The executor request for `scenario`: clock_gettime(clock_id, &ts) at `entry` on `vvar` plus the
// scenario's setup (as the full baseline, so that scenarios of one batch do not leak into each
// other), with the counters, the injections and syscall_return kSyscallSentinel.
CallRequest SeqlockRequest(const SeqlockScenario& scenario, std::uint64_t entry,
                           std::span<const std::uint8_t> vvar);

// The write of a field given by its address inside `state` (which must be a VvarState laid out as
// `layout`): the field's whole bytes, little-endian, at its offset in the vvar mapping.
// Throws std::invalid_argument when no field of the layout is that member.
VvarWrite WriteField(const ref::Layout& layout, ref::VvarState& state, const void* member,
                     std::uint64_t value, std::string* field_name = nullptr);

// "" when `observed` is what `prediction` says (CompareCall plus the pause count), else one line
// naming the differences.
std::string CompareSeqlock(const SeqlockPrediction& prediction, const CallResult& observed);

}  // namespace vdsoconf::riscv::check
