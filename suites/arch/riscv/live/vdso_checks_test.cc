#include "vdsoconf/live/vdso_checks.h"

#include <gtest/gtest.h>

#include "check_matchers.h"
#include "golden_run.h"
#include "vdsoconf/targets/riscv/live/riscv_truths.h"

namespace vdsoconf::live::testing {
namespace {

using reports::CheckStatus;

reports::CheckResult Located(const nlohmann::json& documents,
                             LocateExpectations expectations = {}) {
  const AgentRun run(documents);
  return CheckVvarLocated(run.Probe("vdso.locate"), expectations);
}

reports::CheckResult Symbols(const nlohmann::json& documents) {
  const AgentRun run(documents);
  const auto expected = targets::riscv::ExpectedVdsoSymbols(ref::Generation::kLinux7_2);
  return CheckVdsoSymbols(run.Probe("vdso.symbols"), expected);
}

nlohmann::json& SymbolNamed(nlohmann::json& documents, const std::string& name) {
  for (nlohmann::json& symbol : ProbeData(documents, "vdso.symbols")["symbols"]) {
    if (symbol["name"] == name) return symbol;
  }
  throw std::runtime_error("no symbol " + name);
}

TEST(CheckVvarLocated, PassesOnTheRealMaps) {
  EXPECT_TRUE(HasStatus(Located(GoldenDocuments(), {true, 4}), CheckStatus::kPass));
}

TEST(CheckVvarLocated, FailsWhenAuxvPointsElsewhere) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vdso.locate")["auxv"]["sysinfo_ehdr"] = 0x1000;
  EXPECT_TRUE(FailsWithReproducer(Located(documents)));
}

TEST(CheckVvarLocated, FailsWithoutVvar) {
  nlohmann::json documents = GoldenDocuments();
  ProbeData(documents, "vdso.locate")["vvar"] = nullptr;
  EXPECT_TRUE(FailsWithReproducer(Located(documents)));
}

TEST(CheckVvarLocated, FailsWhenVvarIsNotDirectlyBelowVdso) {
  nlohmann::json documents = GoldenDocuments();
  nlohmann::json& vvar = ProbeData(documents, "vdso.locate")["vvar"];
  vvar["start"] = vvar["start"].get<std::uint64_t>() - 4096;
  vvar["end"] = vvar["end"].get<std::uint64_t>() - 4096;
  EXPECT_TRUE(FailsWithReproducer(Located(documents)));
  EXPECT_TRUE(HasStatus(Located(documents, {false, 0}), CheckStatus::kPass));
}

TEST(CheckVvarLocated, FailsOnTheWrongPageCount) {
  EXPECT_TRUE(FailsWithReproducer(Located(GoldenDocuments(), {true, 2})));
}

TEST(CheckVvarLocated, HangOfTheProbeIsAHang) {
  nlohmann::json documents = GoldenDocuments();
  for (nlohmann::json& document : documents) {
    if (document.value("probe", "") == "vdso.locate") {
      document["status"] = "hang";
      document["data"] = {{"timeout_ms", 20000}, {"partial_output_bytes", 0}};
    }
  }
  EXPECT_TRUE(HasStatus(Located(documents), CheckStatus::kHang));
}

TEST(CheckVdsoSymbols, PassesOnTheRealImage) {
  const reports::CheckResult result = Symbols(GoldenDocuments());
  EXPECT_TRUE(HasStatus(result, CheckStatus::kPass));
  EXPECT_EQ(result.evidence["exported"].size(), 8u) << Show(result);
}

TEST(CheckVdsoSymbols, FailsWhenAnEntryPointIsMissing) {
  nlohmann::json documents = GoldenDocuments();
  SymbolNamed(documents, "__vdso_getrandom")["name"] = "__vdso_getrandom2";
  const reports::CheckResult result = Symbols(documents);
  EXPECT_TRUE(FailsWithReproducer(result));
  EXPECT_EQ(result.evidence["missing"], nlohmann::json::array({"__vdso_getrandom"}))
      << Show(result);
}

TEST(CheckVdsoSymbols, FailsOnTheWrongVersion) {
  nlohmann::json documents = GoldenDocuments();
  SymbolNamed(documents, "__vdso_clock_gettime")["version"] = "LINUX_2.6";
  EXPECT_TRUE(FailsWithReproducer(Symbols(documents)));
}

TEST(CheckVdsoSymbols, FailsWhenTheHashTableResolvesElsewhere) {
  nlohmann::json documents = GoldenDocuments();
  SymbolNamed(documents, "__vdso_gettimeofday")["resolved"] = nullptr;
  EXPECT_TRUE(FailsWithReproducer(Symbols(documents)));
}

TEST(CheckVdsoSymbols, CrashOfTheProbeIsAnError) {
  nlohmann::json documents = GoldenDocuments();
  for (nlohmann::json& document : documents) {
    if (document.value("probe", "") == "vdso.symbols") {
      document["status"] = "crash";
      document["data"] = {{"signal", 11}, {"signal_name", "SIGSEGV"}, {"partial_output_bytes", 0}};
    }
  }
  EXPECT_TRUE(HasStatus(Symbols(documents), CheckStatus::kError));
}

}  // namespace
}  // namespace vdsoconf::live::testing
