// WriterInvariantViolations on the real 7.2 time page of the golden capture, and on that page
// with one invariant broken at a time.
#include "vdsoconf/live/stress_writer_invariants.h"

#include <gtest/gtest.h>

#include "golden_run.h"

namespace vdsoconf::live::testing {
namespace {

::testing::AssertionResult Clean(const std::vector<std::string>& violations) {
  if (violations.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << violations.size() << " violations:";
  for (const std::string& v : violations) failure << "\n  " << v;
  return failure;
}

struct Page {
  ref::VvarState state;
  std::uint64_t counter_after = 0;
};

Page GoldenPage() {
  const VvarDump dump = GoldenDump();
  return {GoldenDecoded().front().state, dump.snapshots.front().copy_counter_after};
}

ref::VdsoClock& Hres(Page& page) {
  return page.state.time.clock[ref::kCsHresCoarse];
}
ref::VdsoClock& Raw(Page& page) {
  return page.state.time.clock[ref::kCsRaw];
}

TEST(WriterInvariants, HoldOnTheRealPage) {
  const Page page = GoldenPage();
  EXPECT_TRUE(Clean(WriterInvariantViolations(page.state, page.counter_after)));
}

TEST(WriterInvariants, HoldWhileTheRawBaseIsOneIncrementBehind) {
  Page page = GoldenPage();
  Raw(page).seq = Hres(page).seq - 1;  // between vdso_write_end()'s two increments
  Raw(page).cycle_last = 0;            // not judged then
  EXPECT_TRUE(Clean(WriterInvariantViolations(page.state, page.counter_after)));
}

struct Breakage {
  const char* name;
  void (*apply)(Page& page);
};

const Breakage kBreakages[] = {
    {"odd seq",
     [](Page& p) {
       Hres(p).seq |= 1;
       Raw(p).seq = Hres(p).seq;
     }},
    {"raw seq two behind", [](Page& p) { Raw(p).seq = Hres(p).seq - 2; }},
    {"clock modes differ", [](Page& p) { Raw(p).clock_mode = ref::kClockModeNone; }},
    {"TIMENS mode on the real page",
     [](Page& p) { Hres(p).clock_mode = Raw(p).clock_mode = ref::kClockModeTimens; }},
    {"cycle_last differs", [](Page& p) { Raw(p).cycle_last += 1; }},
    {"cycle_last ahead of the counter",
     [](Page& p) {
       Hres(p).cycle_last = p.counter_after + 10;
       Raw(p).cycle_last = Hres(p).cycle_last;
     }},
    {"REALTIME nsec out of range",
     [](Page& p) { Hres(p).basetime[ref::kClockRealtime].nsec = 1000000000ull << Hres(p).shift; }},
    {"MONOTONIC_RAW nsec out of range",
     [](Page& p) { Raw(p).basetime[ref::kClockMonotonicRaw].nsec = ~0ull; }},
    {"MONOTONIC - REALTIME not whole ns",
     [](Page& p) { Hres(p).basetime[ref::kClockMonotonic].nsec ^= 1; }},
    {"BOOTTIME below MONOTONIC",
     [](Page& p) {
       Hres(p).basetime[ref::kClockBoottime].sec = Hres(p).basetime[ref::kClockMonotonic].sec - 1;
     }},
    {"TAI nsec differs", [](Page& p) { Hres(p).basetime[ref::kClockTai].nsec += 1 << 24; }},
    {"coarse wall_to_monotonic differs",
     [](Page& p) { Hres(p).basetime[ref::kClockMonotonicCoarse].nsec += 1; }},
    {"coarse nsec out of range",
     [](Page& p) { Hres(p).basetime[ref::kClockRealtimeCoarse].nsec = 1000000000; }},
    {"REALTIME_COARSE.sec differs",
     [](Page& p) { Hres(p).basetime[ref::kClockRealtimeCoarse].sec += 1; }},
};

TEST(WriterInvariants, EachBreakageIsReported) {
  for (const Breakage& breakage : kBreakages) {
    Page page = GoldenPage();
    breakage.apply(page);
    EXPECT_FALSE(WriterInvariantViolations(page.state, page.counter_after).empty())
        << breakage.name << ": no violation reported; seq " << Hres(page).seq << "/"
        << Raw(page).seq << ", mode " << Hres(page).clock_mode << "/" << Raw(page).clock_mode;
  }
}

bool Names(const std::vector<std::string>& violations, const std::string& text) {
  for (const std::string& v : violations) {
    if (v.find(text) != std::string::npos) return true;
  }
  return false;
}

// 7.2 writes tk->coarse_nsec, which may lag or lead REALTIME >> shift; earlier generations write
// exactly REALTIME >> shift. The same page, one ns of coarse drift, judged as both.
TEST(WriterInvariants, CoarseEqualsHresOnlyBeforeGeneration7_2) {
  Page page = GoldenPage();
  ref::VdsoClock& hres = Hres(page);
  const std::uint64_t exact = hres.basetime[ref::kClockRealtime].nsec >> hres.shift;
  const std::int64_t drift =
      static_cast<std::int64_t>(hres.basetime[ref::kClockRealtimeCoarse].nsec) -
      static_cast<std::int64_t>(exact);
  hres.basetime[ref::kClockRealtimeCoarse].nsec = exact + 1;
  hres.basetime[ref::kClockMonotonicCoarse].nsec = static_cast<std::uint64_t>(
      static_cast<std::int64_t>(hres.basetime[ref::kClockMonotonicCoarse].nsec) - drift + 1);
  ASSERT_LT(hres.basetime[ref::kClockMonotonicCoarse].nsec, 1000000000u);
  const auto as_7_2 = WriterInvariantViolations(page.state, page.counter_after);
  EXPECT_TRUE(Clean(as_7_2)) << "7.2 with coarse one ns ahead of REALTIME >> shift " << exact;
  page.state.layout.generation = ref::Generation::kLinux6_12;
  const auto as_6_12 = WriterInvariantViolations(page.state, page.counter_after);
  EXPECT_TRUE(Names(as_6_12, "REALTIME.nsec >> shift"))
      << "6.12 with REALTIME_COARSE.nsec " << exact + 1 << " and REALTIME.nsec >> shift " << exact;
}

}  // namespace
}  // namespace vdsoconf::live::testing
