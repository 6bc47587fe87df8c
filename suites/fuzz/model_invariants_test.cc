// Each invariant of the model fuzzer, shown holding on the real model and failing on a broken
// result: a check that cannot fail would be a defect.
#include "vdsoconf/fuzz/model_invariants.h"

#include <gtest/gtest.h>

#include "vdsoconf/fuzz/model_mutator.h"
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::fuzz {
namespace {

// The architecture the inputs model: the one whose layouts the model fuzzer's states use.
const ref::ArchModel& TestArch() {
  return ref::ArchOfUnnamedCalls();
}

using ref::ClockResult;
using ref::Outcome;
using ref::ReaderPath;

ModelInput Seed() {
  ModelInput in;
  for (ClockFields* c : {&in.hres, &in.other}) {
    c->seq = 0x30a;
    c->clock_mode = TestArch().CounterClockMode();
    c->cycle_last = 1000;
    c->mask = ~0ull;
    c->mult = 0x64000000;
    c->shift = 24;
    c->base_sec = 1'764'000'000;
    c->base_nsec = 5ull << 24;
  }
  in.counter = 2000;
  in.hrtimer_res = 1;
  in.writer.seq_after = 0x30c;
  return in;
}

ClockResult Returned(ReaderPath path, std::int64_t sec, std::int64_t nsec) {
  ClockResult r;
  r.outcome = Outcome::kReturned;
  r.path = path;
  r.ts_written = true;
  r.ts = {sec, nsec};
  return r;
}

TEST(ModelInvariants, HoldOnTheReferenceModelForManyMutatedInputs) {
  MutationRng rng(11);
  ModelStates states;
  ModelInput in = Seed();
  for (int i = 0; i < 20000; ++i) {
    MutatePlausibly(in, TestArch(), rng);
    ModelInput probe = in;
    if (i % 4 == 0) MutateAnomalously(probe, TestArch(), rng);
    const auto v = CheckModelInput(probe, states);
    ASSERT_FALSE(v) << "step " << i << ": " << v->rule << ": " << v->details;
  }
}

TEST(ModelInvariants, NormalisedFailsOnNsecOfOneSecond) {
  EXPECT_FALSE(CheckNormalised(Returned(ReaderPath::kHres, 1, 999'999'999)));
  const auto v = CheckNormalised(Returned(ReaderPath::kHres, 1, 1'000'000'000));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->rule, "normalised-timespec");
  EXPECT_TRUE(CheckNormalised(Returned(ReaderPath::kAux, 1, -1)));
  EXPECT_FALSE(CheckNormalised(Returned(ReaderPath::kCoarse, 1, 5'000'000'000)))
      << "plain do_coarse copies verbatim";
}

TEST(ModelInvariants, CoarseCopyFailsOnAChangedValue) {
  EXPECT_FALSE(CheckCoarseCopy(Returned(ReaderPath::kCoarse, 7, 9), {7, 9}));
  EXPECT_TRUE(CheckCoarseCopy(Returned(ReaderPath::kCoarse, 7, 8), {7, 9}));
}

TEST(ModelInvariants, OutcomeShapeFailsOnAReturnWithASyscall) {
  ClockResult r = Returned(ReaderPath::kHres, 1, 1);
  EXPECT_FALSE(CheckOutcomeShape(r, ref::Syscall::kClockGettime, true));
  r.syscall = ref::Syscall::kClockGettime;
  EXPECT_TRUE(CheckOutcomeShape(r, ref::Syscall::kClockGettime, true));
  ClockResult fallback;
  fallback.outcome = Outcome::kFallback;
  fallback.fallback = ref::FallbackReason::kVdsoClockModeNone;
  fallback.syscall = ref::Syscall::kClockGetres;
  EXPECT_TRUE(CheckOutcomeShape(fallback, ref::Syscall::kClockGettime, true)) << "wrong syscall";
}

TEST(ModelInvariants, ClockIdClassFailsWhenAnUnservedIdReturns) {
  ClockResult r = Returned(ReaderPath::kHres, 1, 1);
  EXPECT_TRUE(CheckClockIdClass(ref::Generation::kLinux7_2, ref::kClockProcessCputimeId, r, false));
  ClockResult out;
  out.outcome = Outcome::kFallback;
  out.fallback = ref::FallbackReason::kClockIdOutOfRange;
  out.syscall = ref::Syscall::kClockGettime;
  EXPECT_FALSE(CheckClockIdClass(ref::Generation::kLinux6_12, 16, out, false));
  EXPECT_TRUE(CheckClockIdClass(ref::Generation::kLinux7_2, 16, out, false))
      << "16 is an aux clock in 7.2";
}

TEST(ModelInvariants, SeqDecidesSpinFailsWhenAnOddSeqReturns) {
  ModelInput in = Seed();
  in.hres.seq = 0x30b;
  ModelStates states;
  states.Build(in);
  EXPECT_TRUE(CheckSeqDecidesSpin(in, states.before(), Returned(ReaderPath::kHres, 1, 1)));
  in.hres.seq = 0x30a;
  states.Build(in);
  ClockResult retried = Returned(ReaderPath::kHres, 1, 1);
  retried.stats.seq_retries = 1;
  EXPECT_TRUE(CheckSeqDecidesSpin(in, states.before(), retried)) << "idle writer, retry";
  EXPECT_FALSE(CheckSeqDecidesSpin(in, states.before(), Returned(ReaderPath::kHres, 1, 1)));
}

TEST(ModelInvariants, GettimeofdayAgreesFailsOnAMicrosecondOff) {
  ModelInput in = Seed();
  in.tz_present = false;
  ModelStates states;
  states.Build(in);
  const ClockResult rt = Returned(ReaderPath::kHres, 10, 123'456'789);
  ref::GettimeofdayResult g;
  g.outcome = Outcome::kReturned;
  g.path = ReaderPath::kHres;
  g.tv_written = true;
  g.tv = {10, 123'456};
  EXPECT_FALSE(CheckGettimeofdayAgrees(in, states.before(), rt, g));
  g.tv.tv_usec = 123'457;
  EXPECT_TRUE(CheckGettimeofdayAgrees(in, states.before(), rt, g));
}

TEST(ModelInvariants, GetresValueFailsOnTheWrongResolution) {
  ModelInput in = Seed();
  in.clock_id = ref::kClockRealtimeCoarse;
  in.hz = 250;
  ModelStates states;
  states.Build(in);
  EXPECT_FALSE(
      CheckGetresValue(in, states.before(), Returned(ReaderPath::kResCoarse, 0, 4'000'000)));
  EXPECT_TRUE(CheckGetresValue(in, states.before(), Returned(ReaderPath::kResCoarse, 0, 1)));
}

TEST(ModelInvariants, NoTornValueFailsOnAMixOfBeforeAndAfter) {
  ModelInput in = Seed();
  in.writer.odd_from = 2;
  const ClockResult before = Returned(ReaderPath::kHres, 10, 1);
  ClockResult after = Returned(ReaderPath::kHres, 20, 2);
  ClockResult mixed = Returned(ReaderPath::kHres, 10, 2);
  mixed.stats.seq_retries = 1;
  EXPECT_TRUE(CheckNoTornValue(in, mixed, before, after));
  ClockResult good = after;
  good.stats.seq_retries = 1;
  ClockResult read_before = before;
  read_before.stats.reads = 5;
  EXPECT_FALSE(CheckNoTornValue(in, good, read_before, after));
  good.stats.seq_retries = 0;
  const auto v = CheckNoTornValue(in, good, read_before, after);
  ASSERT_TRUE(v) << "an overlapped section must be retried";
  EXPECT_EQ(v->rule, "no-torn-value");
}

// CheckModelInput skips the idle call on the state after the write when the state before
// explains the value (model_invariants.cc): the verdict must then not depend on `after`.
TEST(ModelInvariants, NoTornValueVerdictIgnoresAfterWhenBeforeExplainsTheValue) {
  ModelInput in = Seed();
  in.writer.odd_from = 2;
  ClockResult before = Returned(ReaderPath::kHres, 10, 1);
  before.stats.reads = 5;
  const ClockResult after = Returned(ReaderPath::kHres, 20, 2);
  ClockResult spin;
  spin.outcome = Outcome::kWouldSpin;
  spin.spin = ref::SpinKind::kOddSeq;
  for (const std::uint32_t retries : {0u, 1u}) {
    ClockResult w = before;
    w.stats.seq_retries = retries;
    for (const ClockResult& other : {after, spin, before}) {
      EXPECT_EQ(CheckNoTornValue(in, w, before, other).has_value(),
                CheckNoTornValue(in, w, before, before).has_value())
          << "retries=" << retries << " after: " << ref::Describe(other);
    }
  }
  for (const ClockResult& other : {after, before}) {
    EXPECT_FALSE(CheckNoTornValue(in, spin, spin, other)) << ref::Describe(other);
  }
  // Where `before` does not explain the value, `after` decides: standing `before` in for it
  // would call the writer's new value torn.
  ClockResult w = after;
  w.stats.seq_retries = 1;
  EXPECT_FALSE(CheckNoTornValue(in, w, before, after));
  EXPECT_TRUE(CheckNoTornValue(in, w, before, before));
}

}  // namespace
}  // namespace vdsoconf::fuzz
