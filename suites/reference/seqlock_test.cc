// The seqlock reader model: scripted writers acting between the reads of one call, and what the
// real vDSO must then do (spin, retry, how often) and return. States come from clock_vectors.h.
#include "vdsoconf/reference/seqlock.h"

#include <gtest/gtest.h>

#include <vector>

#include "clock_vectors.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::ref {
namespace {

using testing::kCounter;
using testing::QemuVirtState;

constexpr LayoutVariant k6_1{Generation::kLinux6_1, false};
constexpr LayoutVariant k7_2{Generation::kLinux7_2, false};

VvarState WithSeq(VvarState state, std::uint32_t seq) {
  for (VdsoClock& c : state.time.clock) c.seq = seq;
  return state;
}

// A writer that finished one update between two reads: 1 s later (cycle_last advanced by
// 10'000'000 cycles and REALTIME by one second), seq advanced by 2 (0x30a -> 0x30c).
VvarState AfterOneUpdate(LayoutVariant layout) {
  VvarState state = WithSeq(QemuVirtState(layout), 0x30c);
  VdsoClock& c = state.time.clock[kCsHresCoarse];
  c.cycle_last += 10'000'000;
  c.basetime[kClockRealtime].sec += 1;
  return state;
}

std::vector<ScriptStep> Script(std::initializer_list<std::pair<VvarState, std::uint64_t>> steps) {
  std::vector<ScriptStep> out;
  for (const auto& [state, counter] : steps) out.push_back({state, counter});
  return out;
}

TEST(JudgeSection, OddStartSpinsChangedEndRetries) {
  EXPECT_EQ(JudgeSection(0x30b, 0x30b), SectionVerdict::kSpin);
  EXPECT_EQ(JudgeSection(0x30a, 0x30a), SectionVerdict::kAccept);
  EXPECT_EQ(JudgeSection(0x30a, 0x30c), SectionVerdict::kRetry);
  EXPECT_EQ(JudgeSection(0x30a, 0x30b), SectionVerdict::kRetry);
}

TEST(Seqlock, OddSeqSpinsUntilEvenThenReadsOnce) {
  // Reads: 0 seq (odd) 1 clock_mode (ARCH, not TIMENS: spin) 2 seq (even) 3 mode 4 counter
  // 5 data 6 seq -> accept. REALTIME = {1764000001, 250000100} (clock_reader_test derivation).
  const VvarState odd = WithSeq(QemuVirtState(k6_1), 0x30b);
  const VvarState even = WithSeq(QemuVirtState(k6_1), 0x30c);
  ScriptedSource source(Script({{odd, kCounter}, {odd, kCounter}, {even, kCounter}}));
  const ClockResult got = ClockGettime(source, kClockRealtime, ReaderPolicy::For(k6_1));
  EXPECT_EQ(got.outcome, Outcome::kReturned) << Describe(got);
  EXPECT_EQ(got.ts, (KernelTimespec{1'764'000'001, 250'000'100})) << Describe(got);
  EXPECT_EQ(got.stats.odd_seq_spins, 1u) << Describe(got);
  EXPECT_EQ(got.stats.seq_retries, 0u) << Describe(got);
  EXPECT_EQ(got.stats.reads, 7u) << Describe(got);
}

TEST(Seqlock, UpdateBetweenDataAndRetryCheckForcesOneRetry) {
  // Reads 0..3 (seq 0x30a, mode, counter kCounter, data) see the old state: that pass would give
  // {1764000001, 250000100}. Read 4 (retry check) sees seq 0x30c: retry. Pass 2 reads the new
  // state with counter kCounter + 5: delta = kCounter + 5 - (1e9 + 1e7) = 6 cycles = 600 ns on
  // the new base {1764000001, 250000000}: {1764000001, 250000600}.
  for (LayoutVariant layout : testing::kLayouts) {
    const VvarState before = QemuVirtState(layout);
    const VvarState after = AfterOneUpdate(layout);
    ScriptedSource source =
        ScriptedSource::SwitchAt(4, ScriptStep{before, kCounter}, ScriptStep{after, kCounter + 5});
    const ClockResult got = ClockGettime(source, kClockRealtime, ReaderPolicy::For(layout));
    EXPECT_EQ(got.ts, (KernelTimespec{1'764'000'001, 250'000'600}))
        << LayoutVariantName(layout) << " " << Describe(got);
    EXPECT_EQ(got.stats.seq_retries, 1u) << Describe(got);
    EXPECT_EQ(got.stats.counter_reads, 2u) << Describe(got);
  }
}

TEST(Seqlock, WriterStartingAtTheCounterReadCausesRetryThenSpin) {
  // The writer's vdso_write_begin() lands exactly when the counter is read (read 2): seq 0x30b.
  // Read 4 (retry) sees 0x30b != 0x30a: retry. Read 5 sees 0x30b again (odd): spin, read 6 is
  // the clock_mode check. From read 7 the update is finished (seq 0x30c): pass 3 gives
  // {1764000001, 250000600} as above.
  const VvarState before = QemuVirtState(k7_2);
  const VvarState writing = WithSeq(before, 0x30b);
  const VvarState after = AfterOneUpdate(k7_2);
  std::vector<ScriptStep> steps(2, ScriptStep{before, kCounter});
  steps.insert(steps.end(), 5, ScriptStep{writing, kCounter});
  steps.push_back({after, kCounter + 5});
  ScriptedSource source(steps);
  const ClockResult got = ClockGettime(source, kClockRealtime, ReaderPolicy::For(k7_2));
  EXPECT_EQ(got.ts, (KernelTimespec{1'764'000'001, 250'000'600})) << Describe(got);
  EXPECT_EQ(got.stats.seq_retries, 1u) << Describe(got);
  EXPECT_EQ(got.stats.odd_seq_spins, 1u) << Describe(got);
}

TEST(Seqlock, CompletedUpdateInjectedBeforeEachReadOfTheSection) {
  // do_hres reads: 0 seq, 1 clock_mode, 2 counter, 3 data, 4 seq. A complete update (seq +2,
  // one second later, see AfterOneUpdate) lands just before read i:
  //   i = 0: the whole call sees the new state: no retry, counter kCounter + 5 -> 250000600 ns
  //   i = 1..4: the section started on 0x30a and ends on 0x30c: one retry, then the new state
  //   i = 5: after the call: the old state, {1764000001, 250000100}
  const VvarState before = QemuVirtState(k6_1);
  const VvarState after = AfterOneUpdate(k6_1);
  for (std::uint32_t i = 0; i <= 5; ++i) {
    ScriptedSource source =
        ScriptedSource::SwitchAt(i, ScriptStep{before, kCounter}, ScriptStep{after, kCounter + 5});
    const ClockResult got = ClockGettime(source, kClockRealtime, ReaderPolicy::For(k6_1));
    const bool retried = i >= 1 && i <= 4;
    const KernelTimespec want = i == 5 ? KernelTimespec{1'764'000'001, 250'000'100}
                                       : KernelTimespec{1'764'000'001, 250'000'600};
    EXPECT_EQ(got.ts, want) << "injected before read " << i << ": " << Describe(got);
    EXPECT_EQ(got.stats.seq_retries, retried ? 1u : 0u) << "read " << i << ": " << Describe(got);
  }
}

TEST(Seqlock, WriterStuckMidUpdateFromEachReadOn) {
  // From read i on, seq stays odd (0x30b) forever. i = 0: spin at once. i = 1..4: the retry
  // check sees 0x30b != 0x30a, then the next begin spins. i = 5: the call ended before.
  const VvarState before = QemuVirtState(k6_1);
  const VvarState stuck = WithSeq(before, 0x30b);
  ReaderPolicy policy = ReaderPolicy::For(k6_1);
  policy.max_reads = 200;
  for (std::uint32_t i = 0; i <= 5; ++i) {
    ScriptedSource source =
        ScriptedSource::SwitchAt(i, ScriptStep{before, kCounter}, ScriptStep{stuck, kCounter});
    const ClockResult got = ClockGettime(source, kClockRealtime, policy);
    if (i == 5) {
      EXPECT_EQ(got.outcome, Outcome::kReturned) << Describe(got);
      continue;
    }
    EXPECT_EQ(got.outcome, Outcome::kWouldSpin) << "read " << i << ": " << Describe(got);
    EXPECT_EQ(got.spin, SpinKind::kOddSeq) << "read " << i << ": " << Describe(got);
    EXPECT_EQ(got.stats.seq_retries, i == 0 ? 0u : 1u) << "read " << i << ": " << Describe(got);
  }
}

TEST(Seqlock, PermanentlyOddSeqIsReportedAsSpinning) {
  const VvarState odd = WithSeq(QemuVirtState(k6_1), 0x30b);
  StaticSource source(odd, kCounter);
  ReaderPolicy policy = ReaderPolicy::For(k6_1);
  policy.max_reads = 100;
  for (int id : {kClockMonotonic, kClockMonotonicCoarse}) {
    const ClockResult got = ClockGettime(source, id, policy);
    EXPECT_EQ(got.outcome, Outcome::kWouldSpin) << Describe(got);
    EXPECT_EQ(got.spin, SpinKind::kOddSeq) << Describe(got);
    EXPECT_EQ(got.stats.reads, 100u) << Describe(got);
    EXPECT_FALSE(got.ts_written) << Describe(got);
  }
}

// seq = 2 * read number: always even, never the same twice.
class EverChangingSeq final : public ObservationSource {
 public:
  explicit EverChangingSeq(VvarState state) : state_(std::move(state)) {}
  const VvarState& StateAt(ReadEvent event) override {
    state_ = WithSeq(state_, 2 * event.index);
    return state_;
  }
  std::uint64_t CounterAt(ReadEvent) override { return kCounter; }

 private:
  VvarState state_;
};

TEST(Seqlock, SeqThatNeverSettlesIsReportedAsSpinning) {
  EverChangingSeq source(QemuVirtState(k7_2));
  ReaderPolicy policy = ReaderPolicy::For(k7_2);
  policy.max_reads = 50;
  const ClockResult got = ClockGettime(source, kClockRealtime, policy);
  EXPECT_EQ(got.outcome, Outcome::kWouldSpin) << Describe(got);
  EXPECT_EQ(got.spin, SpinKind::kSeqNeverStable) << Describe(got);
  // 5 reads per pass; 50 reads = 10 passes, each ending in a retry.
  EXPECT_EQ(got.stats.seq_retries, 10u) << Describe(got);
}

TEST(Seqlock, FieldChangedWithoutSeqBumpIsNotDetected) {
  // A broken writer changes mult at the counter read without touching seq. The protocol cannot
  // see it: the reader returns the torn value. mult 0x32000000 (50 ns/cycle) read from read 3:
  // 250000000 + 10000001 * 50 = 750000050 ns -> {1764000000, 750000050}.
  const VvarState before = QemuVirtState(k6_1);
  VvarState torn = before;
  torn.time.clock[kCsHresCoarse].mult = 0x32000000;
  std::vector<ScriptStep> steps(3, ScriptStep{before, kCounter});
  steps.push_back({torn, kCounter});
  ScriptedSource source(steps);
  const ClockResult got = ClockGettime(source, kClockRealtime, ReaderPolicy::For(k6_1));
  EXPECT_EQ(got.ts, (KernelTimespec{1'764'000'000, 750'000'050})) << Describe(got);
  EXPECT_EQ(got.stats.seq_retries, 0u) << Describe(got);
}

TEST(Seqlock, CoarseSectionRetriesToo) {
  // do_coarse reads 0 seq, 1 data, 2 seq. Read 2 sees an update that moved MONOTONIC_COARSE to
  // {101, 122000000}: retry, pass 2 (reads 3..5) returns the new value.
  const VvarState before = QemuVirtState(k6_1);
  VvarState after = WithSeq(before, 0x30c);
  after.time.clock[kCsHresCoarse].basetime[kClockMonotonicCoarse].sec = 101;
  ScriptedSource source(Script({{before, 0}, {before, 0}, {after, 0}}));
  const ClockResult got = ClockGettime(source, kClockMonotonicCoarse, ReaderPolicy::For(k6_1));
  EXPECT_EQ(got.ts, (KernelTimespec{101, 122'000'000})) << Describe(got);
  EXPECT_EQ(got.stats.seq_retries, 1u) << Describe(got);
  EXPECT_EQ(got.stats.reads, 6u) << Describe(got);
}

TEST(Seqlock, ReadOrderFollowsTheKernel) {
  // Inside a time namespace, MONOTONIC: page 0 seq (1, odd) and clock_mode (TIMENS) -> page 1:
  // seq, clock_mode, counter, data, seq; then page 0's offset.
  const VvarState state = testing::InNamespace(QemuVirtState(k6_1));
  StaticSource inner(state, kCounter);
  RecordingSource source(inner);
  const ClockResult got = ClockGettime(source, kClockMonotonic, ReaderPolicy::For(k6_1));
  ASSERT_EQ(got.outcome, Outcome::kReturned) << Describe(got);
  const std::vector<std::pair<ReadKind, int>> want = {
      {ReadKind::kSeq, 0},       {ReadKind::kClockMode, 0}, {ReadKind::kSeq, 1},
      {ReadKind::kClockMode, 1}, {ReadKind::kCounter, 1},   {ReadKind::kClockData, 1},
      {ReadKind::kSeq, 1},       {ReadKind::kOffset, 0}};
  ASSERT_EQ(source.events().size(), want.size()) << Describe(got);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(source.events()[i].index, i);
    EXPECT_EQ(source.events()[i].kind, want[i].first) << "read " << i;
    EXPECT_EQ(source.events()[i].slot.page, want[i].second) << "read " << i;
  }
}

TEST(Seqlock, NamespaceReaderWaitsForTheRealPage) {
  // do_hres_timens uses the plain vdso_read_begin() on the real page: while page 1 is being
  // written (odd seq) it spins, it does not fall back. Reads: 0 seq p0, 1 mode p0 (TIMENS),
  // 2 seq p1 (odd: spin), 3 seq p1 (even), ... MONOTONIC = {1102, 23456889}.
  const VvarState ready = testing::InNamespace(QemuVirtState(k6_1));
  VvarState writing = ready;
  for (VdsoClock& c : writing.timens.clock) c.seq = 0x30b;
  ScriptedSource source(Script({{writing, 0}, {writing, 0}, {writing, 0}, {ready, kCounter}}));
  const ClockResult got = ClockGettime(source, kClockMonotonic, ReaderPolicy::For(k6_1));
  EXPECT_EQ(got.ts, (KernelTimespec{1102, 23'456'889})) << Describe(got);
  EXPECT_EQ(got.stats.odd_seq_spins, 1u) << Describe(got);
  EXPECT_EQ(got.path, ReaderPath::kHresTimens) << Describe(got);
}

TEST(Seqlock, NamespacePageWithoutConfigTimeNsSpinsForever) {
  // Without CONFIG_TIME_NS the seq of 1 on the namespace page is just "odd": spin.
  const VvarState state = testing::InNamespace(QemuVirtState(k6_1));
  StaticSource source(state, kCounter);
  ReaderPolicy policy = ReaderPolicy::For(k6_1);
  policy.time_namespaces = false;
  policy.max_reads = 64;
  const ClockResult got = ClockGettime(source, kClockMonotonic, policy);
  EXPECT_EQ(got.outcome, Outcome::kWouldSpin) << Describe(got);
  EXPECT_EQ(got.spin, SpinKind::kOddSeq) << Describe(got);
}

TEST(Seqlock, AuxReaderFollowingTwoNamespacePagesLeavesTheModel) {
  // 7.2 do_aux() adds PAGE_SIZE each time it meets an odd TIMENS aux clock; if page 1 is one as
  // well, the next read would be on page 2 (the rng page).
  VvarState state = testing::InNamespace(QemuVirtState(k7_2));
  state.timens.aux_clock[0].seq = 1;
  state.timens.aux_clock[0].clock_mode = kClockModeTimens;
  StaticSource aux_source(state, kCounter);
  ReaderPolicy aux_policy = ReaderPolicy::For(k7_2);
  aux_policy.posix_aux_clocks = true;
  const ClockResult got = ClockGettime(aux_source, kClockAux, aux_policy);
  EXPECT_EQ(got.outcome, Outcome::kOutsideModel) << Describe(got);
  // do_hres_timens() has no such loop: a TIMENS real page with odd seq is just waited on.
  state.timens.clock[kCsHresCoarse].seq = 1;
  state.timens.clock[kCsHresCoarse].clock_mode = kClockModeTimens;
  StaticSource source(state, kCounter);
  ReaderPolicy policy = ReaderPolicy::For(k7_2);
  policy.max_reads = 64;
  const ClockResult hres = ClockGettime(source, kClockMonotonic, policy);
  EXPECT_EQ(hres.outcome, Outcome::kWouldSpin) << Describe(hres);
}

}  // namespace
}  // namespace vdsoconf::ref
