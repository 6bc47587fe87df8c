// The HTML report opened in a real browser: Debian's headless Chromium loads the file (no network:
// the page's Content-Security-Policy forbids any fetch) and dumps the DOM it built, which must
// hold every section, and no element a kernel string could have smuggled in. Layout is measured by
// a probe script the tests add to a copy of the page (the report itself never runs a script): it
// writes what it measured into the DOM that Chromium dumps.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_test_support.h"
#include "vdsoconf/reports/html.h"
#include "vdsoconf/reports/reference_layouts.h"

namespace vdsoconf::reports {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::vector<std::string> ChromiumArgs(const std::string& profile) {
  return {kChromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars",
          "--user-data-dir=" + profile};
}

// The DOM Chromium built from `html` (written to a scratch file), or a failure with its output.
::testing::AssertionResult DumpDom(const std::string& html, std::string* dom,
                                   const std::string& window = "1280,900") {
  std::string dir = testing::ScratchDir("dom");
  testing::WriteFile(dir + "/report.html", html);
  std::vector<std::string> argv = ChromiumArgs(dir + "/profile");
  argv.push_back("--window-size=" + window);
  argv.push_back("--dump-dom");
  argv.push_back("file://" + dir + "/report.html");
  SubprocessOptions options;
  options.timeout = std::chrono::seconds(90);
  SubprocessResult result = RunSubprocess(argv, options);
  if (!result.exited || result.exit_code != 0) {
    return ::testing::AssertionFailure() << "chromium " << result.Describe() << ":\n"
                                         << result.output;
  }
  *dom = result.output;
  return ::testing::AssertionSuccess();
}

// Elements that must never come from results: anything that runs or loads something.
std::vector<std::string> InjectedElements(const std::string& dom) {
  std::vector<std::string> found;
  for (const char* tag : {"<script", "<img", "<iframe", "<object", "<embed", "<link"}) {
    if (dom.find(tag) != std::string::npos) found.push_back(tag);
  }
  return found;
}

ResultsDocument HostileResults() {
  ResultsDocument document = testing::GoldenResults();
  KernelRun& run = document.kernels[0];
  run.spec = "<script>document.title='pwned'</script>";
  run.version = "7.2<img src=x onerror=\"document.title='pwned2'\">";
  run.checks[0].status = CheckStatus::kFail;
  run.checks[0].message = "</pre></td><iframe src=\"https://example.org\"></iframe>";
  run.checks[0].evidence = {{"console", "<link rel=stylesheet href=//example.org/x.css>"}};
  return document;
}

// What `script` (run at the end of the page, in a 1280x900 window) put in window.probe, as JSON.
// The copy of the page it runs in has its Content-Security-Policy removed, nothing else changed.
::testing::AssertionResult Probe(std::string html, const std::string& script,
                                 nlohmann::json* measured) {
  const std::size_t csp = html.find("<meta http-equiv=\"Content-Security-Policy\"");
  if (csp == std::string::npos) return ::testing::AssertionFailure() << "no CSP meta tag";
  html.erase(csp, html.find('>', csp) + 1 - csp);
  const std::string probe = "<script>window.probe={};" + script +
                            "const p=document.createElement('pre');p.id='probe';"
                            "p.textContent=JSON.stringify(window.probe);"
                            "document.body.appendChild(p);</script>";
  html.insert(html.rfind("</body>"), probe);
  std::string dom;
  auto dumped = DumpDom(html, &dom);
  if (!dumped) return dumped;
  const std::size_t start = dom.find("<pre id=\"probe\">");
  if (start == std::string::npos) {
    return ::testing::AssertionFailure() << "the probe wrote nothing (a script error?)";
  }
  const std::size_t from = start + std::string("<pre id=\"probe\">").size();
  *measured = nlohmann::json::parse(dom.substr(from, dom.find("</pre>", from) - from));
  return ::testing::AssertionSuccess();
}

// The golden results with a realistic number of checks: 100 more passing ones on the first
// kernel (a real run has 111 per kernel), which pushes anything below the matrix far down.
ResultsDocument ManyChecks() {
  ResultsDocument document = testing::GoldenResults();
  for (int i = 0; i < 100; ++i) {
    CheckResult check;
    check.id = "vdso.diff.filler." + std::to_string(i);
    check.status = CheckStatus::kPass;
    check.message = "agrees";
    document.kernels[0].checks.push_back(check);
  }
  return document;
}

class HtmlInChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ProgramExists(kChromium)) {
      GTEST_SKIP() << kChromium << " is not installed (Debian package chromium)";
    }
  }
};

TEST_F(HtmlInChromium, RendersEverySectionOfTheFourKernelMatrix) {
  std::string dom;
  ASSERT_TRUE(DumpDom(RenderHtml(testing::GoldenResults(), ReferenceLayoutTables()), &dom));
  for (std::string_view id : kHtmlSections) {
    EXPECT_NE(dom.find("<section id=\"" + std::string(id) + "\""), std::string::npos)
        << "section " << id << " missing from the DOM";
  }
  for (const char* text : {"debian:latest", "source:6.12", "clock.monotonic.agrees",
                           "Kernel panic - not syncing", "vdso_time_data", "Fuzzing coverage"}) {
    EXPECT_NE(dom.find(text), std::string::npos) << "'" << text << "' not rendered";
  }
  std::size_t charts = 0;
  for (std::size_t at = dom.find("<svg"); at != std::string::npos; at = dom.find("<svg", at + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 4u) << "deltas, retries, coverage and exec/s plots";
  EXPECT_NE(dom.find("<section id=\"failing\">"), std::string::npos);
  EXPECT_TRUE(InjectedElements(dom).empty()) << ::testing::PrintToString(InjectedElements(dom));
}

TEST_F(HtmlInChromium, KernelStringsWithMarkupShowUpEscaped) {
  std::string dom;
  ASSERT_TRUE(DumpDom(RenderHtml(HostileResults(), {}), &dom));
  EXPECT_TRUE(InjectedElements(dom).empty())
      << "injected: " << ::testing::PrintToString(InjectedElements(dom)) << "\n"
      << dom;
  EXPECT_EQ(dom.find("<title>pwned"), std::string::npos);
  EXPECT_NE(dom.find("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), std::string::npos)
      << "the spec should be shown as text";
  EXPECT_NE(dom.find("&lt;iframe src=\"https://example.org\"&gt;"), std::string::npos);
}

// The detector above can fail: the same strings pasted unescaped do create elements.
TEST_F(HtmlInChromium, UnescapedMarkupIsDetectedByTheSameCheck) {
  std::string page = "<!DOCTYPE html><html><head><title>t</title></head><body>" +
                     HostileResults().kernels[0].spec + HostileResults().kernels[0].version +
                     "</body></html>";
  std::string dom;
  ASSERT_TRUE(DumpDom(page, &dom));
  EXPECT_FALSE(InjectedElements(dom).empty()) << dom;
}

// The first screen (1280x900) shows the failing checks. The old page order put the failures
// below the matrix: the detailed failures section, which still comes after it, is measured too to
// prove that the document is long enough for the order to matter.
TEST_F(HtmlInChromium, FailingSummaryIsAboveTheFold) {
  nlohmann::json measured;
  ASSERT_TRUE(
      Probe(RenderHtml(ManyChecks(), ReferenceLayoutTables()),
            "const rows=document.querySelectorAll('#failing tr');"
            "probe.failing_top=document.getElementById('failing').getBoundingClientRect().top;"
            "probe.rows=rows.length;"
            "probe.last_row_bottom=rows[rows.length-1].getBoundingClientRect().bottom;"
            "probe.details_top=document.getElementById('failures').getBoundingClientRect().top;"
            "probe.viewport=window.innerHeight;",
            &measured));
  // Headless Chromium's viewport in a 900 px window is shorter (757 px with Chromium 156): the fold
  // is the viewport's bottom.
  const double fold = measured["viewport"].get<double>();
  EXPECT_TRUE(fold > 600 && fold <= 900) << measured;
  EXPECT_EQ(measured["rows"], 6) << "a header and 5 rows (4 checks, 1 kernel): " << measured;
  EXPECT_LT(measured["failing_top"].get<double>(), 200) << measured;
  EXPECT_LT(measured["last_row_bottom"].get<double>(), fold) << "every row on the first screen";
  EXPECT_GT(measured["details_top"].get<double>(), 900) << "the document is long: " << measured;
}

// Ticking "show failures only" hides every passing row and the skips, and nothing that fails.
TEST_F(HtmlInChromium, FailuresOnlyViewHidesPassingRows) {
  nlohmann::json measured;
  ASSERT_TRUE(Probe(RenderHtml(ManyChecks(), ReferenceLayoutTables()),
                    "const shown=s=>[...document.querySelectorAll(s)]"
                    ".filter(e=>e.getBoundingClientRect().height>0).length;"
                    "probe.passing_before=shown('tr.passing');"
                    "document.querySelector('label[for=only-failures]').click();"
                    "probe.checked=document.getElementById('only-failures').checked;"
                    "probe.passing_after=shown('tr.passing');"
                    "probe.matrix_rows_after=shown('.matrix tr');"
                    "probe.failing_rows_after=shown('#failing tr');"
                    "probe.skips_after=shown('#skips');",
                    &measured));
  EXPECT_TRUE(measured["checked"].get<bool>()) << "the label toggles the checkbox";
  EXPECT_GT(measured["passing_before"].get<int>(), 100) << measured;
  EXPECT_EQ(measured["passing_after"], 0) << measured;
  // The matrix keeps its header and the 4 ids some kernel fails.
  EXPECT_EQ(measured["matrix_rows_after"], 5) << measured;
  EXPECT_EQ(measured["failing_rows_after"], 6) << measured;
  EXPECT_EQ(measured["skips_after"], 0) << measured;
}

TEST_F(HtmlInChromium, ScreenshotOfTheFourKernelReport) {
  std::string dir = testing::ScratchDir("shot");
  testing::WriteFile(dir + "/report.html",
                     RenderHtml(testing::GoldenResults(), ReferenceLayoutTables()));
  std::string png = "/tmp/vdsoconf-report-4kernels.png";
  std::filesystem::remove(png);
  std::vector<std::string> argv = ChromiumArgs(dir + "/profile");
  argv.push_back("--window-size=1280,6000");
  argv.push_back("--screenshot=" + png);
  argv.push_back("file://" + dir + "/report.html");
  SubprocessResult result = testing::RunTool(argv, 90);
  ASSERT_TRUE(result.exited && result.exit_code == 0) << result.Describe() << "\n" << result.output;
  std::string bytes = testing::ReadFile(png);
  ASSERT_GT(bytes.size(), 10000u) << png << " is too small to be a rendered page";
  EXPECT_EQ(bytes.substr(1, 3), "PNG") << png;
}

}  // namespace
}  // namespace vdsoconf::reports
