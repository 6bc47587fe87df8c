// What each writer says about the cases that matter, independent of the golden bytes: a hang, an
// error, a skip, a known issue, a kernel that did not boot; the diff categories; the layout
// comparison; the SVG scales.
#include <gtest/gtest.h>

#include "report_test_support.h"
#include "vdsoconf/reports/diff.h"
#include "vdsoconf/reports/html.h"
#include "vdsoconf/reports/junit.h"
#include "vdsoconf/reports/kcidb.h"
#include "vdsoconf/reports/ktap.h"
#include "vdsoconf/reports/markdown.h"
#include "vdsoconf/reports/reference_layouts.h"
#include "vdsoconf/reports/report.h"
#include "vdsoconf/reports/svg.h"

namespace vdsoconf::reports {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Junit, HangAndErrorAreErrorsFailureIsAFailureSkipIsSkipped) {
  std::string xml = RenderJunit(testing::GoldenResults());
  EXPECT_TRUE(Contains(xml, "<error type=\"hang\" message=\"probe did not return")) << xml;
  EXPECT_TRUE(Contains(xml, "<error type=\"error\" message=\"could not evaluate")) << xml;
  EXPECT_TRUE(Contains(xml, "<failure type=\"fail\" message=\"vDSO CLOCK_MONOTONIC")) << xml;
  EXPECT_TRUE(Contains(xml, "<skipped message=\"kernel has no __vdso_getrandom")) << xml;
  EXPECT_TRUE(Contains(xml, "<error type=\"boot-panic\"")) << "the panicked kernel's boot case";
  EXPECT_TRUE(Contains(xml, "tests=\"22\" failures=\"2\" errors=\"3\" skipped=\"2\"")) << xml;
}

TEST(Ktap, DirectivesFollowTheStatus) {
  std::string ktap = RenderKtap(testing::GoldenResults());
  EXPECT_TRUE(Contains(ktap, "not ok 6 seqlock.writer_stress # TIMEOUT ")) << ktap;
  EXPECT_TRUE(Contains(ktap, "not ok 7 hwprobe.cache_matches_syscall # ERROR ")) << ktap;
  EXPECT_TRUE(Contains(ktap, "ok 5 getrandom.vdso_matches_model # SKIP kernel has no")) << ktap;
  EXPECT_TRUE(Contains(ktap, "not ok 7 timens.offsets # XFAIL https://")) << ktap;
  EXPECT_TRUE(Contains(ktap, "not ok 1 boot # ERROR boot panic")) << ktap;
  EXPECT_TRUE(Contains(ktap, "    # evidence: {\"limit_ns\":2000,")) << ktap;
}

TEST(Kcidb, StatusesAreMappedAndNothingIsNull) {
  nlohmann::json kcidb = RenderKcidb(testing::GoldenResults(), "vdsoconf");
  std::map<std::string, std::string> status_of_path_on_612;
  for (const auto& test : kcidb["tests"]) {
    if (Contains(test["build_id"].get<std::string>(), "-source_6_12")) {
      status_of_path_on_612[test["path"]] = test["status"];
    }
    if (test["path"] == "vdsoconf.boot" && test["misc"]["boot_status"] == "panic") {
      EXPECT_EQ(test["status"], "FAIL") << test.dump();
    }
  }
  EXPECT_EQ(status_of_path_on_612["vdsoconf.clock.monotonic.agrees"], "FAIL");
  EXPECT_EQ(status_of_path_on_612["vdsoconf.seqlock.writer_stress"], "FAIL");
  EXPECT_EQ(status_of_path_on_612["vdsoconf.hwprobe.cache_matches_syscall"], "ERROR");
  EXPECT_EQ(status_of_path_on_612["vdsoconf.clock.realtime.agrees"], "PASS");
  EXPECT_FALSE(Contains(kcidb.dump(), "null")) << "KCIDB forbids null";
  EXPECT_THROW(RenderKcidb(testing::GoldenResults(), "Bad-Origin"), ReportError);
}

TEST(Kcidb, IdsAreOriginPrefixedAndDifferAcrossRuns) {
  ResultsDocument document = testing::GoldenResults();
  nlohmann::json first = RenderKcidb(document, "myci");
  document.created = "2026-11-26T00:00:00Z";
  nlohmann::json second = RenderKcidb(document, "myci");
  std::string id = first["builds"][0]["id"];
  EXPECT_EQ(id.rfind("myci:", 0), 0u) << id;
  EXPECT_NE(id, second["builds"][0]["id"].get<std::string>()) << "two runs must not collide";
}

// The architecture and the machine come from each kernel's record, so a matrix that mixes
// architectures reports each build as what it is; a record without them (a document older than
// the fields) claims neither.
TEST(Kcidb, ArchitectureAndEnvironmentComeFromTheKernelRecord) {
  ResultsDocument document = testing::GoldenResults();
  document.kernels[0].architecture = "toyarch";
  document.kernels[0].machine = "qemu-system-toyarch -M toy";
  document.kernels[1].architecture.clear();
  document.kernels[1].machine.clear();
  const nlohmann::json kcidb = RenderKcidb(document, "myci");
  EXPECT_EQ(kcidb["builds"][0]["architecture"], "toyarch");
  EXPECT_FALSE(kcidb["builds"][1].contains("architecture"));
  nlohmann::json boots = nlohmann::json::array();
  for (const auto& test : kcidb["tests"]) {
    if (test["path"] == "vdsoconf.boot") boots.push_back(test);
  }
  ASSERT_GE(boots.size(), 2u);
  EXPECT_EQ(boots[0]["environment"]["comment"], "qemu-system-toyarch -M toy");
  EXPECT_FALSE(boots[1].contains("environment"));
  const ResultsDocument reread = FromJson(ToJson(document));
  EXPECT_EQ(reread.kernels[0].architecture, "toyarch");
  EXPECT_EQ(reread.kernels[0].machine, "qemu-system-toyarch -M toy");
  EXPECT_FALSE(ToJson(document)["kernels"][1].contains("architecture"));
}

TEST(Markdown, FailuresCarryTheirReproducerInAFenceTheContentCannotClose) {
  std::string md = RenderMarkdown(testing::GoldenResults());
  EXPECT_TRUE(Contains(md, "\"probe\": \"clock_gettime\"")) << md;
  EXPECT_TRUE(Contains(md, "````\n[    0.412001] Kernel panic"))
      << "fence longer than ``` in the console";
  EXPECT_TRUE(Contains(md, "| 6.18.0-rc3&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; |")) << md;
  std::size_t raw = 0;
  for (std::size_t at = md.find("<script>"); at != std::string::npos;
       at = md.find("<script>", at + 1)) {
    ++raw;
  }
  EXPECT_EQ(raw, 1u) << "only inside the fenced console excerpt, where it is shown as text:\n"
                     << md;
}

TEST(Report, FormatListsParseAndUnknownNamesAreRefused) {
  EXPECT_EQ(ParseReportFormats("html, junit,html").size(), 2u);
  EXPECT_THROW(ParseReportFormats("html,pdf"), ReportError);
  EXPECT_THROW(ParseReportFormats(""), ReportError);
}

TEST(Report, WriteReportsWritesOneFilePerFormat) {
  std::string dir = testing::ScratchDir("write") + "/out";
  auto paths = WriteReports(testing::GoldenResults(), "junit,md,kcidb", dir);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], dir + "/junit.xml");
  for (const auto& path : paths) {
    EXPECT_GT(testing::ReadFile(path).size(), 100u) << path;
  }
  EXPECT_THROW(WriteReports(testing::GoldenResults(), "junit", "/proc/no-such-dir"), ReportError);
}

TEST(Diff, ClassifiesEveryKindOfChange) {
  ResultsDocument before = ReadResults(testing::GoldenDir() + "/results-previous.json");
  ResultsDiff diff = DiffResults(before, testing::GoldenResults());
  ASSERT_EQ(diff.newly_failing.size(), 2u);
  EXPECT_EQ(diff.newly_failing[1].check, "seqlock.writer_stress");
  EXPECT_EQ(diff.newly_failing[1].after, "hang");
  ASSERT_EQ(diff.fixed.size(), 1u);
  EXPECT_EQ(diff.fixed[0].check, "vvar.layout.generation");
  ASSERT_EQ(diff.new_checks.size(), 1u);
  ASSERT_EQ(diff.kernel_changes.size(), 1u);
  EXPECT_EQ(diff.kernel_changes[0].after, "not-run: panic");
  EXPECT_TRUE(diff.Regressed());
  EXPECT_FALSE(DiffResults(before, before).Regressed());
  ResultsDiff reverse = DiffResults(testing::GoldenResults(), before);
  EXPECT_EQ(reverse.fixed.size(), 2u) << "what newly failed is fixed when read backwards";
}

TEST(LayoutTable, ComparisonMarksMovedAndMissingFields) {
  auto rows = CompareLayouts(testing::FixedLayouts());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_FALSE(rows[0].differs) << rows[0].key;
  EXPECT_TRUE(rows[2].differs) << "cycle_last moved";
  EXPECT_TRUE(rows[3].differs) << "rng.generation only in 7.2";
  EXPECT_FALSE(rows[3].cells[0].has_value());
}

TEST(LayoutTable, ReferenceGenerationsAlignTheClockFields) {
  std::vector<LayoutTable> tables = ReferenceLayoutTables();
  ASSERT_EQ(tables.size(), 3u);
  auto rows = CompareLayouts(tables);
  const LayoutComparisonRow* seq = nullptr;
  for (const auto& row : rows) {
    if (row.key == "clock[0].seq") seq = &row;
  }
  ASSERT_NE(seq, nullptr) << "6.1/6.12 vdso_data[0].seq and 7.2 clock_data[0].seq share a key";
  for (const auto& cell : seq->cells) {
    ASSERT_TRUE(cell.has_value());
    EXPECT_EQ(cell->offset, 0u) << cell->name;
  }
}

TEST(Svg, TicksCoverTheRangeWithRoundSteps) {
  auto ticks = NiceTicks(0, 655, 5);
  EXPECT_EQ(ticks.front(), 0);
  EXPECT_GE(ticks.back(), 655);
  EXPECT_EQ(ticks[1] - ticks[0], 200) << ::testing::PrintToString(ticks);
  EXPECT_EQ(FormatTick(1500000), "1.5M");
}

TEST(Svg, LabelsAreEscapedAndEmptyInputsDrawNothing) {
  std::string svg = SvgBarChart("t<", "ns", {{"<b>x</b>", -5, true}, {"y", 10, false}});
  EXPECT_TRUE(Contains(svg, "&lt;b&gt;x&lt;/b&gt;")) << svg;
  EXPECT_FALSE(Contains(svg, "<b>")) << svg;
  EXPECT_EQ(SvgBarChart("t", "ns", {}), "");
  EXPECT_EQ(SvgLineChart("t", "x", "y", {{"s", {}}}), "");
}

TEST(Html, ShowsOnlyTheGenerationsInTheResults) {
  ResultsDocument document = testing::GoldenResults();
  for (auto& run : document.kernels) run.generation = run.generation == "7.2" ? "7.2" : "";
  std::string html = RenderHtml(document, testing::FixedLayouts());
  EXPECT_TRUE(Contains(html, "<b>7.2</b>"));
  EXPECT_FALSE(Contains(html, "<b>6.12</b>")) << "6.12 is not in these results";
}

TEST(Html, PerClockEvidencePlotsTheWorstValueOfEachCheck) {
  ResultsDocument document = testing::GoldenResults();
  CheckResult& check = document.kernels.front().checks.front();
  check.evidence = {{"vdso_minus_syscall_ns", {{"0", 120}, {"1", -9000}, {"7", 40}}},
                    {"seqlock_retries", {3, 17, "not a number"}}};
  std::string html = RenderHtml(document, testing::FixedLayouts());
  EXPECT_TRUE(Contains(html, check.id + " · 1 (max of 3)")) << "three clocks, one bar: clock 1";
  EXPECT_TRUE(Contains(html, "-9000 ns")) << "the bar is the largest magnitude, -9000";
  EXPECT_TRUE(Contains(html, check.id + " · #1 (max of 2)")) << "the string is not a number";
  EXPECT_FALSE(Contains(html, "No check recorded vdso_minus_syscall_ns."));
}

// The failures come first: the summary of failing checks (and kernels that did not run) is the
// first section, above the counts, the verdicts and the matrix.
TEST(Html, FailingChecksAreSummarisedFirst) {
  std::string html = RenderHtml(testing::GoldenResults(), testing::FixedLayouts());
  const std::size_t failing = html.find("<section id=\"failing\">");
  ASSERT_NE(failing, std::string::npos);
  EXPECT_LT(failing, html.find("<section id=\"summary\">"));
  const std::string summary = html.substr(failing, html.find("</section>", failing) - failing);
  for (const char* part :
       {"Findings (4)", "kernels that did not run (1)", "clock.monotonic.agrees",
        "seqlock.writer_stress", "timens.offsets", "hwprobe.cache_matches_syscall",
        "did not run</a>", "vDSO CLOCK_MONOTONIC ran N ms ahead",
        "vdsoconf run --kernel source:6.12"}) {
    EXPECT_TRUE(Contains(summary, part)) << part << "\n" << summary;
  }
}

// One row per finding: the same cause failing in two contexts is one row naming both.
TEST(Html, FailingChecksOfOneFindingAreOneRow) {
  ResultsDocument document = testing::GoldenResults();
  KernelRun& run = document.kernels[1];
  for (const char* context : {"init", "timens"}) {
    CheckResult check;
    check.id = std::string("vdso.diff.clock_getres.") + context;
    check.status = CheckStatus::kFail;
    check.message = "clock 16 differs";
    check.finding = "vdso.diff.clock_getres";
    run.checks.push_back(check);
  }
  std::string html = RenderHtml(document, testing::FixedLayouts());
  const std::size_t failing = html.find("<section id=\"failing\">");
  const std::string summary = html.substr(failing, html.find("</section>", failing) - failing);
  EXPECT_TRUE(Contains(summary, "Findings (5)")) << summary;
  EXPECT_TRUE(Contains(summary, "2 check(s) in 2 context(s): init timens")) << summary;
}

// The failures-only view is CSS alone: a checkbox before the sections, and passing rows marked.
TEST(Html, PassingRowsAreMarkedForTheFailuresOnlyView) {
  std::string html = RenderHtml(testing::GoldenResults(), testing::FixedLayouts());
  EXPECT_TRUE(Contains(html, "<input type=\"checkbox\" id=\"only-failures\">"));
  EXPECT_TRUE(Contains(html, "<label for=\"only-failures\">"));
  EXPECT_TRUE(Contains(html, "#only-failures:checked~section tr.passing"));
  EXPECT_TRUE(Contains(html, "<tr class=\"passing\"><th class=\"check\">vdso.symbols.versioned"))
      << "no kernel fails it (the panicked kernel's \"not run\" is in the failing summary)";
}

// Plot labels lose the prefix every plotted id shares and keep the rest, however long the spec.
TEST(Html, PlotLabelsKeepWhereRowsDiffer) {
  ResultsDocument document = testing::GoldenResults();
  KernelRun& run = document.kernels[1];
  run.spec = "source:6.12+btf+nojumplabel";
  run.checks.clear();
  for (const char* entry :
       {"clock_gettime.timens", "clock_gettime.timens_exec", "gettimeofday.timens"}) {
    CheckResult check;
    check.id = std::string("vdso.diff.") + entry;
    check.status = CheckStatus::kPass;
    check.evidence = {{"vdso_minus_syscall_ns", {{"CLOCK_MONOTONIC", 310}, {"CLOCK_TAI", 420}}},
                      {"syscall_bracket_ns", {{"CLOCK_MONOTONIC", 900}, {"CLOCK_TAI", 1200}}}};
    run.checks.push_back(check);
  }
  for (auto& other : document.kernels) {
    if (&other != &run) other.checks.clear();
  }
  std::string html = RenderHtml(document, {});
  EXPECT_TRUE(Contains(html, ">clock_gettime.timens_exec · CLOCK_TAI (max of 2)<")) << html;
  EXPECT_TRUE(Contains(html, ">clock_gettime.timens · CLOCK_TAI (max of 2)<"));
  EXPECT_TRUE(Contains(html, "(vdso.diff.*)")) << "the prefix is said once, in the title";
  EXPECT_TRUE(Contains(html, ">source:6.12+btf+nojumplabel<")) << "the kernel heads its group";
  EXPECT_TRUE(Contains(html, "420 ns (limit 1200)")) << "CLOCK_TAI's own bracket";
  EXPECT_TRUE(Contains(html, "stroke-dasharray")) << "the limit is drawn";
  EXPECT_TRUE(Contains(html, ">ns (log scale)</text>")) << "the axis says its unit";
}

}  // namespace
}  // namespace vdsoconf::reports

namespace vdsoconf::reports {
namespace {

// An interrupted run says so at the top of the people's formats, not only in results.json.
TEST(Reports, AnIncompleteRunSaysSoFirst) {
  ResultsDocument document = testing::GoldenResults();
  EXPECT_FALSE(Contains(RenderHtml(document, testing::FixedLayouts()), "incomplete:"));
  document.incomplete_reason = "interrupted by SIGINT";
  const std::string html = RenderHtml(document, testing::FixedLayouts());
  EXPECT_LT(html.find("incomplete: interrupted by SIGINT"), html.find("<section id=\"failing\">"));
  const std::string markdown = RenderMarkdown(document);
  EXPECT_LT(markdown.find("**Incomplete:** interrupted by SIGINT"), markdown.find("| kernel |"));
}

}  // namespace
}  // namespace vdsoconf::reports
