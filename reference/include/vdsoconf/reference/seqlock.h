// The vDSO seqlock, seen from the reader: what it reads, in which order, and what it concludes.
//
// The kernel's writer (update_vsyscall(), vdso_write_begin()/vdso_write_end()) makes `seq` odd,
// changes the data, then makes `seq` even again. A reader (vdso_read_begin(),
// vdso_read_begin_timens(), vdso_read_retry() in include/vdso/helpers.h) reads `seq` until it
// is even, reads the data and the counter, then reads `seq` again: if it changed, the data may be
// torn and the whole section is repeated. This is Lamport's multiword-clock protocol. One twist:
// a task in a time namespace has a page whose seq is permanently 1 and whose clock_mode is
// VDSO_CLOCKMODE_TIMENS; vdso_read_begin_timens() treats "odd and TIMENS" as "go read the real
// page instead", not as "wait".
//
// The reference reader does not read a VvarState directly. It asks an ObservationSource for the
// vvar contents at every single read it makes, in the order the kernel's C code makes them. A
// source that always answers with one state models an idle writer; a scripted source models a
// writer that acts between two reads (seq made odd, bumped, a field changed when the counter is
// read), and the reader then says whether the real vDSO must retry, how often, and what it
// finally returns.
//
// Read order per section (lib/vdso/gettimeofday.c, all generations):
//   kSeq (repeated while odd; with kClockMode after each odd seq when the loop is the timens
//   aware one), kClockMode (vdso_clocksource_ok), kCounter, kClockData, kSeq (retry check);
//   after the loop, kOffset for time-namespace paths. do_coarse reads kSeq, kClockData, kSeq.
// The C code does not order the individual field loads inside kClockData (the compiler may
// reorder them between the barriers), so the model reads all of them at one instant.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

// What one read of the reader touches.
enum class ReadKind : std::uint8_t {
  kSeq,        // vc->seq
  kClockMode,  // vc->clock_mode
  kCounter,    // __arch_get_hw_counter(): csr_read(CSR_TIME) on RISC-V
  kClockData,  // basetime[clk] and cycle_last, max_cycles, mask, mult, shift
  kOffset,     // the namespace page's offset[clk] (timens paths, after the loop)
  kTail,       // tz_minuteswest/tz_dsttime or hrtimer_res (no seqlock around them)
};

// Which clock structure a read touches: clock[index] or aux_clock[index] on `page`.
struct ClockSlot {
  std::uint8_t page = 0;  // 0 = VvarState::time, 1 = VvarState::timens
  bool aux = false;
  std::uint8_t index = 0;  // CS_HRES_COARSE/CS_RAW, or the aux clock number

  friend bool operator==(const ClockSlot&, const ClockSlot&) = default;
};

struct ReadEvent {
  std::uint32_t index = 0;  // 0 for the first read of the call, then 1, 2, ...
  ReadKind kind = ReadKind::kSeq;
  ClockSlot slot;

  friend bool operator==(const ReadEvent&, const ReadEvent&) = default;
};

// Where the reader's reads come from. Implementations must be deterministic for reproducible
// results. The reader holds the returned reference only until its next call.
class ObservationSource {
 public:
  virtual ~ObservationSource() = default;
  // The vvar contents at the instant of `event` (any kind but kCounter).
  virtual const VvarState& StateAt(ReadEvent event) = 0;
  // The value the counter read `event` (kind kCounter) returns.
  virtual std::uint64_t CounterAt(ReadEvent event) = 0;

  // An idle writer's one state and counter: what every read of a call sees. The reader asks
  // once per call and then reads them directly instead of making a virtual call per read (under
  // UBSan every virtual call is a checked dynamic-type lookup: a fifth of the per-read function's
  // time in the model fuzzer). `state` is nullptr for a source whose answer depends on the read.
  struct Idle {
    const VvarState* state = nullptr;
    std::uint64_t counter = 0;
  };
  virtual Idle IdleAnswer() const { return {}; }
};

// An idle writer: every read sees `state`, every counter read returns `counter`.
// No allocation; `state` must outlive the source.
class StaticSource final : public ObservationSource {
 public:
  StaticSource(const VvarState& state, std::uint64_t counter) : state_(state), counter_(counter) {}
  const VvarState& StateAt(ReadEvent) override { return state_; }
  std::uint64_t CounterAt(ReadEvent) override { return counter_; }
  Idle IdleAnswer() const override { return {&state_, counter_}; }

 private:
  const VvarState& state_;
  std::uint64_t counter_;
};

// A writer scripted read by read. Step i says what read number i sees: the vvar state and, if
// that read is a counter read, the counter. Reads past the last step see the last step, so a
// script whose last state has an odd seq models a writer that never finishes.
struct ScriptStep {
  VvarState state;
  std::uint64_t counter = 0;
};

class ScriptedSource final : public ObservationSource {
 public:
  // Requires: at least one step (an empty script is a programming error and is given one
  // all-zero step instead of undefined behaviour).
  explicit ScriptedSource(std::vector<ScriptStep> steps);

  // The common injection: reads 0 .. read_index - 1 see `before`, read read_index and all later
  // ones see `after` (a writer that acted just before read number read_index).
  static ScriptedSource SwitchAt(std::uint32_t read_index, const ScriptStep& before,
                                 const ScriptStep& after);

  const VvarState& StateAt(ReadEvent event) override;
  std::uint64_t CounterAt(ReadEvent event) override;

  // Every read served so far, in order: lets a test check the read order and an executor find
  // the read numbers at which to inject a writer.
  std::span<const ReadEvent> served() const { return served_; }

 private:
  const ScriptStep& StepFor(ReadEvent event);
  std::vector<ScriptStep> steps_;
  std::vector<ReadEvent> served_;
};

// Wraps another source and records every read (for finding injection points: run once with a
// StaticSource under a RecordingSource, then build scripts that switch state at read i).
class RecordingSource final : public ObservationSource {
 public:
  explicit RecordingSource(ObservationSource& inner) : inner_(inner) {}
  const VvarState& StateAt(ReadEvent event) override;
  std::uint64_t CounterAt(ReadEvent event) override;
  std::span<const ReadEvent> events() const { return events_; }

 private:
  ObservationSource& inner_;
  std::vector<ReadEvent> events_;
};

// The decision of one read section, the core of the protocol (vdso_read_begin() plus
// vdso_read_retry()): given the seq read at the start and at the end of a section, the data read
// in between may be used iff the start was even and the end equals the start.
enum class SectionVerdict : std::uint8_t {
  kAccept,  // start even, end == start
  kSpin,    // start odd: the reader keeps reading seq before it reads any data
  kRetry,   // start even, end != start: repeat the section
};
constexpr SectionVerdict JudgeSection(std::uint32_t start_seq, std::uint32_t end_seq) {
  if (start_seq & 1u) return SectionVerdict::kSpin;
  return end_seq == start_seq ? SectionVerdict::kAccept : SectionVerdict::kRetry;
}

// The VdsoClock a slot names in `state`. Requires slot.page <= 1 and a valid index (the reader
// checks this before calling). Always inlined: the reader calls it on every vvar read.
[[gnu::always_inline]] inline const VdsoClock& ClockAt(const VvarState& state, ClockSlot slot) {
  const VdsoTimePage& page = slot.page == 0 ? state.time : state.timens;
  if (slot.aux) return page.aux_clock[slot.index % kMaxAuxClocks];
  return page.clock[slot.index % kCsBases];
}

}  // namespace vdsoconf::ref
