// The HTML report opened in a real browser: Debian's headless Chromium loads the file (no network:
// the page's Content-Security-Policy forbids any fetch) and dumps the DOM it built, which must
// hold every section, and no element a kernel string could have smuggled in.
#include <gtest/gtest.h>

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
::testing::AssertionResult DumpDom(const std::string& html, std::string* dom) {
  std::string dir = testing::ScratchDir("dom");
  testing::WriteFile(dir + "/report.html", html);
  std::vector<std::string> argv = ChromiumArgs(dir + "/profile");
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
