#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "vdsoconf/fuzz/campaign/finding_key.h"
#include "vdsoconf/fuzz/campaign/status_line.h"

namespace vdsoconf::fuzz {
namespace {

std::string Read(const std::string& name) {
  std::ifstream in(std::string(VDSOCONF_FUZZ_TESTDATA) + "/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> LinesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(StatusLine, ParsesEveryCapturedSingleProcessLine) {
  const auto lines = LinesOf(Read("status_single.txt"));
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    const auto status = ParseStatusLine(line);
    ASSERT_TRUE(status) << line;
    EXPECT_GT(status->execs, 0u) << line;
    EXPECT_GT(status->cov, 0u) << line;
  }
  const auto pulse = ParseStatusLine(
      "#131072\tpulse  cov: 133 ft: 362 corp: 91/10618b lim: 255 exec/s: 65536 rss: 89Mb");
  ASSERT_TRUE(pulse);
  EXPECT_EQ(pulse->event, "pulse");
  EXPECT_EQ(pulse->execs, 131072u);
  EXPECT_EQ(pulse->ft, 362u);
  EXPECT_EQ(pulse->corpus, 91u);
  EXPECT_EQ(pulse->exec_per_sec, 65536u);
}

TEST(StatusLine, ParsesCapturedForkModeLines) {
  const auto lines = LinesOf(Read("status_fork.txt"));
  ASSERT_FALSE(lines.empty());
  const auto status = ParseStatusLine(lines.back());
  ASSERT_TRUE(status) << lines.back();
  EXPECT_EQ(status->event, "fork");
  EXPECT_EQ(status->execs, 618897u);
  EXPECT_EQ(status->exec_per_sec, 44396u) << "fork lines write 'exec/s N' without a colon";
  EXPECT_EQ(status->elapsed_s, 15u);
  const auto crash = ParseStatusLine(
      "#90600: cov: 362 ft: 362 corp: 92 exec/s 45300 oom/timeout/crash: 1/2/3 time: 2s job: 1");
  ASSERT_TRUE(crash);
  EXPECT_EQ(crash->ooms, 1u);
  EXPECT_EQ(crash->timeouts, 2u);
  EXPECT_EQ(crash->crashes, 3u);
}

TEST(StatusLine, RejectsOtherOutput) {
  for (const char* line : {"INFO: Seed: 1234", "#", "#abc NEW cov: 1", "MS: 2 Custom-",
                           "==1== ERROR: AddressSanitizer: heap-buffer-overflow", ""}) {
    EXPECT_FALSE(ParseStatusLine(line)) << line;
  }
}

TEST(FindingKey, StripsValuesFromModelInvariants) {
  const std::string a =
      "vdsoconf-model-invariant: no-torn-value: a value of neither state; writer odd_from=2\n";
  const std::string b =
      "vdsoconf-model-invariant: no-torn-value: a value of neither state; writer odd_from=9\n";
  EXPECT_EQ(FindingKey(a), "invariant: no-torn-value");
  EXPECT_EQ(FindingKey(a), FindingKey(b));
  EXPECT_NE(FindingKey(a), FindingKey("vdsoconf-model-invariant: coarse-copy: x=1\n"));
}

TEST(FindingKey, AsanReportsOfOneBugWithDifferentAddressesShareAKey) {
  const std::string first = Read("asan_heap_overflow_1.txt");
  const std::string second = Read("asan_heap_overflow_2.txt");
  ASSERT_NE(first, second);
  EXPECT_EQ(FindingKey(first), "asan: heap-buffer-overflow in vdsoconf::demo::ReadPastEnd");
  EXPECT_EQ(FindingKey(first), FindingKey(second));
}

TEST(FindingKey, UbsanKeyDropsLineNumbersAndValues) {
  const std::string a =
      "/work/main/fuzz/support/src/model_mutator.cc:18:72: runtime error: shift exponent 64 is "
      "too large for 64-bit type 'std::uint64_t' (aka 'unsigned long')\n";
  const std::string b =
      "/other/checkout/fuzz/support/src/model_mutator.cc:21:7: runtime error: shift exponent 65 "
      "is too large for 64-bit type 'std::uint64_t' (aka 'unsigned long')\n";
  EXPECT_EQ(FindingKey(a), FindingKey(b));
  EXPECT_EQ(FindingKey(a),
            "ubsan: model_mutator.cc: shift exponent N is too large for N-bit type "
            "'std::uint64_t' (aka 'unsigned long')");
}

TEST(FindingKey, EmptyForAPassingRun) {
  EXPECT_EQ(FindingKey("INFO: Seed: 1\nDone 1 runs in 0 second(s)\n"), "");
}

TEST(FindingKey, StripVaryingValuesReplacesNumbers) {
  EXPECT_EQ(StripVaryingValues("seq 0x30b at 12 (read 7)"), "seq N at N (read N)");
}

TEST(FindingClass, FollowsTheTargetAndTheKey) {
  EXPECT_EQ(ClassifyFinding("model", "invariant: coarse-copy"), FindingClass::kModelBug);
  EXPECT_EQ(ClassifyFinding("vvar_codec", "asan: SEGV in X"), FindingClass::kParserBug);
  EXPECT_EQ(ClassifyFinding("differential", "finding: documented: wrap"),
            FindingClass::kDocumentedBehaviour);
  EXPECT_EQ(ClassifyFinding("differential", "finding: divergence: ts"),
            FindingClass::kImageDivergence);
  EXPECT_EQ(ClassifyFinding("model", "oom"), FindingClass::kInfrastructure);
}

}  // namespace
}  // namespace vdsoconf::fuzz
