// The input of the model fuzzer: one reader call of the reference model, with the vvar fields it
// can read, the counter, the arguments and (for the concurrent-writer property) a writer.
//
// Wire format: the bytes are read with libFuzzer's FuzzedDataProvider, fields in the order of
// ModelInput below, every field an integral (so each one is read from the end of the buffer and
// takes a fixed number of bytes; see FuzzedDataProvider::ConsumeIntegralInRange). Any byte string
// is a valid input: a short one leaves the later fields at their minimum. WriteModelInput is the
// exact inverse, which lets the structure-aware mutator (model_mutator.h) decode, change one
// field meaningfully and encode again:
//   ReadModelInput(WriteModelInput(x)) == x       for every x whose fields are in range
//   WriteModelInput(ReadModelInput(b)).size() == kModelInputBytes
//
// Only the vvar fields the reader of the chosen clock id can touch are in the input; the builder
// (model_state.h) places them into a VvarState. Keeping the input small keeps the fuzzer fast
// and every byte meaningful.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "vdsoconf/reference/generation.h"

namespace vdsoconf::fuzz {

// Which property of the model one input exercises (see fuzz/model/model_fuzzer.cc).
enum class ModelProperty : std::uint8_t {
  kClockGettime,      // idle writer: result shape, normalisation, seq parity decides spinning
  kClockGetres,       // resolution per clock class
  kGettimeofday,      // gettimeofday agrees with clock_gettime(CLOCK_REALTIME)
  kConcurrentWriter,  // a writer acting between reads: no torn value is ever accepted
  kMaxValue = kConcurrentWriter,  // for FuzzedDataProvider::ConsumeEnum
};

// The fields of one vDSO clock structure (struct vdso_data / struct vdso_clock) that a reader
// reads, plus the one basetime[] entry of the clock id (an offset[] entry on a namespace page).
struct ClockFields {
  std::uint32_t seq = 0;
  std::int32_t clock_mode = 0;
  std::uint64_t cycle_last = 0;
  std::uint64_t max_cycles = 0;
  std::uint64_t mask = 0;
  std::uint32_t mult = 0;
  std::uint32_t shift = 0;
  std::uint64_t base_sec = 0;
  std::uint64_t base_nsec = 0;

  friend bool operator==(const ClockFields&, const ClockFields&) = default;
};

// A writer (update_vsyscall) acting during the call: reads [0, odd_from) see the state before,
// reads [odd_from, odd_from + odd_reads) see seq made odd with the data half written, later reads
// see the state after (seq_after, the new cycle_last/basetime, and counter_after). The writer is
// done by read kMaxWriterOddFrom + kMaxWriterOddReads, well inside kModelMaxReads.
inline constexpr std::uint8_t kMaxWriterOddFrom = 15;
inline constexpr std::uint8_t kMaxWriterOddReads = 31;
// The model fuzzer's ReaderPolicy::max_reads: a reader still going after this many reads spins.
// Small, because a spinning input costs this many reads per run; the longest finite call (a
// writer done at read 46, then a time-namespace section) stays far below it.
inline constexpr std::uint32_t kModelMaxReads = 80;
// The budget of a call under an idle writer (ref::StaticSource). Nothing such a call reads ever
// changes, so it either ends within kModelIdleLongestCall reads (the longest: gettimeofday in a
// time namespace: seq and clock_mode of the namespace page, seq, clock_mode, counter, data and
// seq of the real page, the offset, then clock_mode and tail for tz) or it spins forever. A spin
// is therefore known after any budget above that, and the model fuzzer need not spend
// kModelMaxReads reads on each (a sixth of its inputs spin): one read past the longest finite
// call tells a spin, and a spin's reads are the fuzzer's most frequent wasted work.
// fuzz/support/tests checks that both budgets give the same results.
inline constexpr std::uint32_t kModelIdleLongestCall = 10;
inline constexpr std::uint32_t kModelIdleMaxReads = kModelIdleLongestCall + 1;
// After a writer's last change a reader may still be inside a section that began before it: it
// finishes that section (at most kModelIdleLongestCall reads), retries once as an idle call,
// then ends or spins. The writer property's budget is the writer's last read plus this.
inline constexpr std::uint32_t kModelWriterTailReads = 2 * kModelIdleLongestCall + 4;
struct WriterScript {
  std::uint8_t odd_from = 0;
  std::uint8_t odd_reads = 0;
  std::uint32_t seq_after = 0;
  std::uint64_t cycle_last_after = 0;
  std::uint64_t base_sec_after = 0;
  std::uint64_t base_nsec_after = 0;
  std::uint64_t counter_after = 0;

  friend bool operator==(const WriterScript&, const WriterScript&) = default;
};

// CONFIG_HZ values a RISC-V kernel can be built with (kernel/Kconfig.hz).
inline constexpr std::uint32_t kHzChoices[] = {100, 250, 300, 1000};

struct ModelInput {
  ModelProperty property = ModelProperty::kClockGettime;
  ref::Generation generation = ref::Generation::kLinux7_2;
  bool overflow_protect = false;
  bool time_namespaces = true;
  bool posix_aux_clocks = true;
  std::uint32_t hz = 250;  // one of kHzChoices
  // The task is in a time namespace: page 0 is the namespace page (`ns`), page 1 the real one.
  bool in_timens = false;
  std::int32_t clock_id = 0;
  bool out_present = true;  // ts/res/tv non-NULL
  bool tz_present = true;   // gettimeofday's tz non-NULL
  std::uint64_t counter = 0;
  // The real page: clock[CS_HRES_COARSE] (basetime[clock_id] = base_*), and the structure of an
  // id outside it (clock[CS_RAW] for MONOTONIC_RAW, aux_clock[id - 16] for 7.2 aux ids).
  ClockFields hres;
  std::uint64_t realtime_sec = 0;  // hres basetime[CLOCK_REALTIME] when clock_id is not REALTIME
  std::uint64_t realtime_nsec = 0;
  ClockFields other;
  // The namespace page's structure for the id (seq, clock_mode, offset[clock_id] = base_*).
  ClockFields ns;
  std::int32_t tz_minuteswest = 0;
  std::int32_t tz_dsttime = 0;
  std::uint32_t hrtimer_res = 0;
  WriterScript writer;

  friend bool operator==(const ModelInput&, const ModelInput&) = default;
};

// Size of WriteModelInput's output: every field at its full width.
inline constexpr std::size_t kModelInputBytes = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 4 + 1 + 1 + 8 +
                                                3 * (4 + 4 + 8 + 8 + 8 + 4 + 4 + 8 + 8) + 16 + 4 +
                                                4 + 4 + (1 + 1 + 4 + 8 + 8 + 8 + 8);

// Decodes `bytes` (any length; missing fields take their minimum). Never allocates. Gives the
// same result as ReadModelInputWithProvider, faster (it is the model fuzzer's hot path).
ModelInput ReadModelInput(std::span<const std::uint8_t> bytes);

// The definition: the same fields read through FuzzedDataProvider (ConsumeIntegral, ConsumeBool,
// ConsumeEnum, PickValueInArray, ConsumeIntegralInRange).
ModelInput ReadModelInputWithProvider(std::span<const std::uint8_t> bytes);

// Encodes `input` so that ReadModelInput gives it back. Values out of a field's range (a
// generation not in kAllGenerations, an hz not in kHzChoices) are encoded as the first choice;
// writer read numbers above their maximum are encoded as the maximum.
// Writes exactly kModelInputBytes bytes to `out`, which must have room for them.
void WriteModelInput(const ModelInput& input, std::span<std::uint8_t, kModelInputBytes> out);
std::vector<std::uint8_t> WriteModelInput(const ModelInput& input);

}  // namespace vdsoconf::fuzz
