// Each machine-read format checked by an independent consumer:
//   JUnit  xmllint --schema against schemas/junit-10.xsd (Jenkins junit-10.xsd structure)
//   KCIDB  python3-jsonschema against schemas/kcidb-v5.0-subset.schema.json
//   KTAP   the kernel's own parser, tools/testing/kunit/kunit_parser.py, from a linux-source tree
//          (VDSOCONF_KUNIT_TOOL_DIR, else /tmp/ks/linux-source-*/tools/testing/kunit)
// and each validator shown to reject a broken document, so a pass means something.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_test_support.h"
#include "vdsoconf/reports/junit.h"
#include "vdsoconf/reports/kcidb.h"
#include "vdsoconf/reports/ktap.h"

namespace vdsoconf::reports {
namespace {

using testing::RunTool;
using testing::SchemaDir;

// The golden results plus strings no writer may pass through raw: markup, quotes, control
// characters, invalid UTF-8, a '#' for KTAP, nulls in evidence for KCIDB.
ResultsDocument Nasty() {
  ResultsDocument document = testing::GoldenResults();
  KernelRun& run = document.kernels[1];
  run.spec = "source:6.12 <x a=\"1\"> & 'q' # not a directive";
  run.checks[2].message = std::string("bell\x07 cr\r esc\x1b[31m bad\xff\xfe utf8 ]]> <!-- -->");
  run.checks[2].evidence = {{"missing", nullptr}, {"list", {1, nullptr, 3}}};
  run.checks[2].id = "clock.monotonic agrees/with spaces";
  return document;
}

::testing::AssertionResult XmllintValidates(const std::string& xml) {
  std::string dir = testing::ScratchDir("junit");
  testing::WriteFile(dir + "/junit.xml", xml);
  SubprocessResult result = RunTool(
      {"xmllint", "--noout", "--schema", SchemaDir() + "/junit-10.xsd", dir + "/junit.xml"});
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "xmllint " << result.Describe() << ":\n" << result.output;
}

::testing::AssertionResult KcidbValidates(const nlohmann::json& document) {
  std::string dir = testing::ScratchDir("kcidb");
  testing::WriteFile(dir + "/kcidb.json",
                     document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  SubprocessResult result =
      RunTool({"/usr/bin/python3", SchemaDir() + "/validate_json.py",
               SchemaDir() + "/kcidb-v5.0-subset.schema.json", dir + "/kcidb.json"});
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "jsonschema " << result.Describe() << ":\n"
                                       << result.output;
}

class Validators : public ::testing::Test {
 protected:
  void RequireProgram(const std::string& program, const std::string& package) {
    if (!ProgramExists(program)) GTEST_SKIP() << program << " missing: install " << package;
  }
};

TEST_F(Validators, JunitOfTheGoldenResultsMatchesTheXsd) {
  RequireProgram("xmllint", "libxml2-utils");
  EXPECT_TRUE(XmllintValidates(RenderJunit(testing::GoldenResults())));
}

TEST_F(Validators, JunitWithHostileStringsStaysValidXml) {
  RequireProgram("xmllint", "libxml2-utils");
  EXPECT_TRUE(XmllintValidates(RenderJunit(Nasty())));
}

TEST_F(Validators, XsdRejectsATestcaseWithoutName) {
  RequireProgram("xmllint", "libxml2-utils");
  std::string xml = RenderJunit(testing::GoldenResults());
  std::string from = "<testcase classname=\"debian:latest.boot\" name=\"boot\"";
  ASSERT_NE(xml.find(from), std::string::npos);
  xml.replace(xml.find(from), from.size(), "<testcase classname=\"debian:latest.boot\"");
  EXPECT_FALSE(XmllintValidates(xml)) << "the XSD accepted a testcase without a name";
}

TEST_F(Validators, KcidbOfTheGoldenResultsMatchesTheSchema) {
  RequireProgram("/usr/bin/python3", "python3-jsonschema");
  EXPECT_TRUE(KcidbValidates(RenderKcidb(testing::GoldenResults(), "vdsoconf")));
}

TEST_F(Validators, KcidbWithHostileStringsAndNullEvidenceMatchesTheSchema) {
  RequireProgram("/usr/bin/python3", "python3-jsonschema");
  EXPECT_TRUE(KcidbValidates(RenderKcidb(Nasty(), "vdsoconf")));
}

TEST_F(Validators, KcidbSchemaRejectsNullsUnprefixedIdsAndBadPaths) {
  RequireProgram("/usr/bin/python3", "python3-jsonschema");
  nlohmann::json good = RenderKcidb(testing::GoldenResults(), "vdsoconf");
  nlohmann::json with_null = good;
  with_null["tests"][0]["misc"]["x"] = nullptr;
  EXPECT_FALSE(KcidbValidates(with_null)) << "accepted a null";
  nlohmann::json unprefixed = good;
  unprefixed["builds"][0]["id"] = "no-origin-prefix";
  EXPECT_FALSE(KcidbValidates(unprefixed)) << "accepted an id without origin:";
  nlohmann::json bad_path = good;
  bad_path["tests"][1]["path"] = "vdsoconf.has space";
  EXPECT_FALSE(KcidbValidates(bad_path)) << "accepted a test path with a space";
}

std::string KunitToolDir() {
  if (const char* dir = std::getenv("VDSOCONF_KUNIT_TOOL_DIR")) return dir;
  for (const char* version : {"7.2", "6.12", "6.1"}) {
    std::string dir = std::string("/tmp/ks/linux-source-") + version + "/tools/testing/kunit";
    if (std::filesystem::exists(dir + "/kunit_parser.py")) return dir;
  }
  return "";
}

// kunit_parser's view of `ktap`: {"errors": n, "root": {name, status, subtests: [...]}}.
nlohmann::json ParseWithKunit(const std::string& ktap) {
  std::string dir = testing::ScratchDir("ktap");
  testing::WriteFile(dir + "/results.ktap", ktap);
  SubprocessResult result = RunTool(
      {"/usr/bin/python3", SchemaDir() + "/ktap_check.py", KunitToolDir(), dir + "/results.ktap"});
  EXPECT_TRUE(result.ok()) << result.Describe() << "\n" << result.output;
  return nlohmann::json::parse(result.output, nullptr, false);
}

class KtapWithKunit : public Validators {
 protected:
  void SetUp() override {
    if (KunitToolDir().empty()) {
      GTEST_SKIP() << "no kunit_parser.py: set VDSOCONF_KUNIT_TOOL_DIR to a linux source tree's "
                      "tools/testing/kunit";
    }
  }
};

TEST_F(KtapWithKunit, KernelParserReadsEveryKernelAndVerdict) {
  nlohmann::json parsed = ParseWithKunit(RenderKtap(testing::GoldenResults()));
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["errors"], 0) << parsed.dump(2);
  const auto& kernels = parsed["root"]["subtests"];
  ASSERT_EQ(kernels.size(), 4u) << parsed.dump(2);
  EXPECT_EQ(kernels[0]["status"], "SUCCESS");
  EXPECT_EQ(kernels[1]["status"], "FAILURE");
  EXPECT_EQ(kernels[3]["status"], "FAILURE") << "the panicked kernel";
  EXPECT_EQ(kernels[3]["subtests"].size(), 1u) << "its boot result, parsed past the panic text";
  EXPECT_EQ(kernels[2]["subtests"][4]["status"], "SKIPPED") << kernels[2].dump(2);
  EXPECT_EQ(kernels[1]["subtests"][5]["name"], "seqlock.writer_stress");
  EXPECT_EQ(kernels[1]["subtests"][5]["status"], "FAILURE") << "a hang is not ok";
}

TEST_F(KtapWithKunit, HostileStringsCannotForgeResultLines) {
  nlohmann::json parsed = ParseWithKunit(RenderKtap(Nasty()));
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["errors"], 0) << parsed.dump(2);
  EXPECT_EQ(parsed["root"]["subtests"].size(), 4u);
}

TEST_F(KtapWithKunit, ParserReportsBrokenNumbering) {
  std::string ktap = RenderKtap(testing::GoldenResults());
  std::string from = "    ok 2 vdso.symbols.versioned";
  ASSERT_NE(ktap.find(from), std::string::npos);
  ktap.replace(ktap.find(from), from.size(), "    ok 9 vdso.symbols.versioned");
  nlohmann::json parsed = ParseWithKunit(ktap);
  ASSERT_TRUE(parsed.is_object());
  EXPECT_GT(parsed["errors"].get<int>(), 0) << "the parser accepted test number 9 in place of 2";
}

}  // namespace
}  // namespace vdsoconf::reports
