// The RISC-V truths (generation from the release, clocksource mult/shift, clock mode) and the
// checks built on them, each failing on a wrong observation.
#include "vdsoconf/targets/riscv/live/riscv_live_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "golden_run.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;
using targets::riscv::MultShift;

TEST(GenerationForRelease, MapsReleasesToGenerations) {
  using ref::Generation;
  EXPECT_EQ(targets::riscv::GenerationForRelease("6.1.0-28-riscv64"), Generation::kLinux6_1);
  EXPECT_EQ(targets::riscv::GenerationForRelease("5.10.1"), Generation::kLinux6_1);
  EXPECT_EQ(targets::riscv::GenerationForRelease("6.4.9"), Generation::kLinux6_1);
  EXPECT_EQ(targets::riscv::GenerationForRelease("6.5"), Generation::kLinux6_12);
  EXPECT_EQ(targets::riscv::GenerationForRelease("6.12.95"), Generation::kLinux6_12);
  EXPECT_EQ(targets::riscv::GenerationForRelease("6.15.0"), Generation::kLinux7_2);
  EXPECT_EQ(targets::riscv::GenerationForRelease("7.2.13+deb14-riscv64"), Generation::kLinux7_2);
  EXPECT_EQ(targets::riscv::GenerationForRelease("5.9.0"), std::nullopt);
  EXPECT_EQ(targets::riscv::GenerationForRelease("linux"), std::nullopt);
  EXPECT_EQ(targets::riscv::GenerationForRelease("7"), std::nullopt);
}

TEST(CheckVvarGeneration, FailsOnTheWrongPageCount) {
  EXPECT_TRUE(HasStatus(targets::riscv::CheckVvarGeneration("7.2.13+deb14-riscv64", 4),
                        CheckStatus::kPass));
  EXPECT_TRUE(HasStatus(targets::riscv::CheckVvarGeneration("6.12.95", 2), CheckStatus::kPass));
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckVvarGeneration("7.2.13+deb14-riscv64", 2)));
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckVvarGeneration("6.1.0", 4)));
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckVvarGeneration("4.19.0", 2)));
}

// FACTS.md: QEMU virt's 10 MHz timebase gives mult 0x64000000, shift 24 (100 ns per tick).
TEST(RiscvClocksourceMultShift, QemuVirtTimebase) {
  EXPECT_EQ(targets::riscv::RiscvClocksourceMultShift(10000000), (MultShift{0x64000000u, 24}));
}

// Hand-derived: clocks_calc_mult_shift(1 MHz, 1e9, 600) has sftacc 32 ((600e6 >> 32) = 0), so
// mult = 1000 << shift must stay below 2^32: shift 22, mult 4194304000. That mult plus its 11%
// maxadj overflows u32, so __clocksource_update_freq_scale() halves it once: 2097152000, 21.
TEST(RiscvClocksourceMultShift, OneMegahertzIsHalvedForMaxadj) {
  EXPECT_EQ(targets::riscv::ClocksCalcMultShift(1000000, 1000000000, 600),
            (MultShift{4194304000u, 22}));
  EXPECT_EQ(targets::riscv::RiscvClocksourceMultShift(1000000), (MultShift{2097152000u, 21}));
}

TEST(RiscvClocksourceMultShift, ConvertsWithinOneUnitOfTheTrueRate) {
  for (std::uint64_t hz :
       {1000000ull, 4000000ull, 10000000ull, 24000000ull, 25000000ull, 1000000000ull}) {
    const MultShift ms = targets::riscv::RiscvClocksourceMultShift(hz);
    const double exact = 1e9 / static_cast<double>(hz) * static_cast<double>(1ull << ms.shift);
    EXPECT_NEAR(static_cast<double>(ms.mult), exact, 1.0)
        << hz << " Hz: mult " << ms.mult << " shift " << ms.shift;
    EXPECT_LE(
        static_cast<std::uint64_t>(ms.mult) + targets::riscv::ClocksourceMaxAdjustment(ms.mult),
        std::uint64_t{UINT32_MAX})
        << hz;
  }
  EXPECT_EQ(targets::riscv::RiscvClocksourceMultShift(0), (MultShift{}));
}

TEST(CheckMultShiftVsTimebase, FailsWhenRawMultIsOffByOne) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  EXPECT_TRUE(
      HasStatus(targets::riscv::CheckMultShiftVsTimebase(dump, decoded), CheckStatus::kPass));
  decoded.front().state.time.clock[ref::kCsRaw].mult += 1;
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckMultShiftVsTimebase(dump, decoded)));
}

TEST(CheckMultShiftVsTimebase, AllowsNtpSteeringButNotBeyondMaxadj) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  ref::VdsoClock& hres = decoded.front().state.time.clock[ref::kCsHresCoarse];
  hres.mult += 1;  // what timekeeping_adjust() does to correct NTP error
  EXPECT_TRUE(
      HasStatus(targets::riscv::CheckMultShiftVsTimebase(dump, decoded), CheckStatus::kPass));
  hres.mult = 0x64000000u + targets::riscv::ClocksourceMaxAdjustment(0x64000000u) + 1;
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckMultShiftVsTimebase(dump, decoded)));
}

TEST(CheckMultShiftVsTimebase, FailsWhenTheTimebaseDisagrees) {
  VvarDump dump = GoldenDump();
  dump.timebase_frequency = 24000000;
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckMultShiftVsTimebase(dump, GoldenDecoded())));
  dump.timebase_frequency.reset();
  EXPECT_TRUE(HasStatus(targets::riscv::CheckMultShiftVsTimebase(dump, GoldenDecoded()),
                        CheckStatus::kError));
}

TEST(CheckClockMode, FailsOnModeNoneWithTheRiscvClocksource) {
  const VvarDump dump = GoldenDump();
  auto decoded = GoldenDecoded();
  EXPECT_TRUE(HasStatus(targets::riscv::CheckClockMode(dump, decoded), CheckStatus::kPass));
  decoded.back().state.time.clock[ref::kCsRaw].clock_mode = ref::kClockModeNone;
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckClockMode(dump, decoded)));
}

TEST(CheckClockMode, ExpectsNoneForAnotherClocksource) {
  VvarDump dump = GoldenDump();
  dump.current_clocksource = "jiffies";
  EXPECT_TRUE(FailsWithReproducer(targets::riscv::CheckClockMode(dump, GoldenDecoded())));
}

TEST(EvaluateAgentRun, AWrongReleaseFailsTheGenerationAndErrorsTheDecode) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vvar.dump")["release"] = "6.12.95";
  const auto evaluation = targets::riscv::EvaluateAgentRun(documents);
  const reports::CheckResult* generation = FindCheck(evaluation.checks, "vvar.generation");
  ASSERT_NE(generation, nullptr);
  EXPECT_TRUE(FailsWithReproducer(*generation));
  const reports::CheckResult* basetime = FindCheck(evaluation.checks, "vvar.basetime.realtime");
  ASSERT_NE(basetime, nullptr);
  EXPECT_TRUE(HasStatus(*basetime, CheckStatus::kError));
}

// The ids a complete run of the golden capture yields: every evaluation, however broken its
// documents, reports exactly these, in this order.
std::vector<std::string> CheckIds(const targets::riscv::LiveEvaluation& evaluation) {
  std::vector<std::string> ids;
  for (const reports::CheckResult& check : evaluation.checks) ids.push_back(check.id);
  return ids;
}

const std::vector<std::string>& GoldenCheckIds() {
  static const std::vector<std::string> ids =
      CheckIds(targets::riscv::EvaluateAgentRun(GoldenDocuments()));
  return ids;
}

TEST(EvaluateAgentRun, AHungVvarProbeMakesEveryVvarCheckAHang) {
  nlohmann::json documents = GoldenDocuments();
  for (nlohmann::json& document : documents) {
    if (document.value("probe", "") == "vvar.dump") {
      document["status"] = "hang";
      document["elapsed_ms"] = 20001;
      document["data"] = {{"timeout_ms", 20000}, {"partial_output_bytes", 0}};
    }
  }
  const auto evaluation = targets::riscv::EvaluateAgentRun(documents);
  ASSERT_EQ(CheckIds(evaluation), GoldenCheckIds());
  for (const reports::CheckResult& check : evaluation.checks) {
    if (check.id.rfind("vvar.", 0) == 0 && check.id != "vvar.located" &&
        check.id != "vvar.timens") {
      EXPECT_TRUE(HasStatus(check, CheckStatus::kHang));
    }
  }
}

TEST(EvaluateAgentRun, NeverThrowsOnGarbage) {
  for (const nlohmann::json& garbage :
       {nlohmann::json(42), nlohmann::json::array({1, 2}), nlohmann::json::array()}) {
    const auto evaluation = targets::riscv::EvaluateAgentRun(garbage);
    EXPECT_EQ(CheckIds(evaluation), GoldenCheckIds()) << garbage.dump();
    for (const reports::CheckResult& check : evaluation.checks) {
      EXPECT_NE(check.status, CheckStatus::kPass) << Show(check);
    }
  }
}

}  // namespace
}  // namespace vdsoconf::live::testing
