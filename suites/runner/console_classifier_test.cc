// The console classifier, table-driven over golden consoles captured from real kernels under
// QEMU (suites/runner/golden/*.log). Each file starts with a header:
//   # end: exited | boot-timeout | run-timeout     (how the host saw the run end)
//   # status: completed | panic | oops | bug | no-init | boot-timeout | run-timeout | qemu-error
//   # title: the expected title
//   # excerpt-contains: a line the excerpt must hold (optional)
//   #---
// followed by the console bytes exactly as captured.
#include "vdsoconf/runner/console_classifier.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace vdsoconf::runner {
namespace {

struct Golden {
  std::string name;
  std::map<std::string, std::string> header;
  std::string console;
};

Golden ReadGolden(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Golden golden{path.filename().string(), {}, ""};
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at);
    at = end == std::string::npos ? text.size() : end + 1;
    if (line == "#---") break;
    std::size_t colon = line.find(": ");
    if (line.rfind("# ", 0) == 0 && colon != std::string::npos) {
      golden.header[line.substr(2, colon - 2)] = line.substr(colon + 2);
    }
  }
  golden.console = text.substr(at);
  return golden;
}

ConsoleEnd ParseEnd(const std::string& end) {
  if (end == "boot-timeout") return ConsoleEnd::kBootTimedOut;
  if (end == "run-timeout") return ConsoleEnd::kRunTimedOut;
  return ConsoleEnd::kExited;
}

std::vector<Golden> AllGoldens() {
  std::vector<Golden> goldens;
  for (const auto& entry : std::filesystem::directory_iterator(VDSOCONF_GOLDEN_DIR)) {
    if (entry.path().extension() == ".log") goldens.push_back(ReadGolden(entry.path()));
  }
  std::sort(goldens.begin(), goldens.end(),
            [](const Golden& a, const Golden& b) { return a.name < b.name; });
  return goldens;
}

TEST(ConsoleClassifier, GoldenConsolesClassifyAsTheirHeaderSays) {
  auto goldens = AllGoldens();
  ASSERT_GE(goldens.size(), 7u) << "golden logs missing from " << VDSOCONF_GOLDEN_DIR;
  for (const auto& golden : goldens) {
    ASSERT_TRUE(golden.header.count("status") && golden.header.count("title"))
        << golden.name << ": header needs status and title";
    auto verdict = ClassifyConsole(golden.console, ParseEnd(golden.header.at("end")));
    EXPECT_EQ(targets::BootStatusName(verdict.status), golden.header.at("status"))
        << golden.name << ": title '" << verdict.title << "'\nexcerpt:\n"
        << verdict.excerpt;
    EXPECT_EQ(verdict.title, golden.header.at("title")) << golden.name;
    if (golden.header.count("excerpt-contains")) {
      EXPECT_NE(verdict.excerpt.find(golden.header.at("excerpt-contains")), std::string::npos)
          << golden.name << ": excerpt lacks '" << golden.header.at("excerpt-contains") << "':\n"
          << verdict.excerpt;
    }
    if (verdict.status != targets::BootStatus::kCompleted) {
      EXPECT_FALSE(verdict.excerpt.empty()) << golden.name << ": a failure needs an excerpt";
    }
  }
}

TEST(ConsoleClassifier, FirstReportWinsOopsBeforeItsPanic) {
  std::string console =
      "[    5.1] Unable to handle kernel NULL pointer dereference at virtual address "
      "0000000000000000\r\n[    5.2] Oops [#1]\r\n"
      "[    5.3] Kernel panic - not syncing: Fatal exception\r\n";
  auto verdict = ClassifyConsole(console, ConsoleEnd::kExited);
  EXPECT_EQ(verdict.status, targets::BootStatus::kOops) << verdict.title;
  EXPECT_EQ(verdict.title,
            "Unable to handle kernel NULL pointer dereference at virtual address ADDR");
}

TEST(ConsoleClassifier, BugLinesAreBugs) {
  auto verdict = ClassifyConsole("[ 1.0] kernel BUG at mm/slub.c:42!\n", ConsoleEnd::kExited);
  EXPECT_EQ(verdict.status, targets::BootStatus::kBug) << verdict.title;
  EXPECT_EQ(verdict.title, "kernel BUG at mm/slub.c:42!");
  verdict = ClassifyConsole("[ 1.0] BUG: scheduling while atomic: a/1/0x00000002\n",
                            ConsoleEnd::kRunTimedOut);
  EXPECT_EQ(verdict.status, targets::BootStatus::kBug) << verdict.title;
  EXPECT_EQ(verdict.title, "BUG: scheduling while atomic: a/1/ADDR");
}

TEST(ConsoleClassifier, TextInsideAgentFramesIsNotAReport) {
  std::string console =
      "@@VDSOCONF1 H BUG: Kernel panic - not syncing: fake@@\r\n[ 9.0] reboot: Power down\r\n";
  auto verdict = ClassifyConsole(console, ConsoleEnd::kExited);
  EXPECT_EQ(verdict.status, targets::BootStatus::kCompleted) << verdict.title;
}

TEST(ConsoleClassifier, WordsThatMerelyContainReportNamesAreIgnored) {
  std::string console =
      "[ 0.0] Kernel command line: console=ttyS0 oops=panic\r\n[ 0.1] DEBUG: Oops-free\r\n"
      "@@VDSOCONF1 H powering off@@\r\n";
  auto verdict = ClassifyConsole(console, ConsoleEnd::kExited);
  EXPECT_EQ(verdict.status, targets::BootStatus::kCompleted) << verdict.title;
}

TEST(ConsoleClassifier, ExitWithoutInitIsAQemuError) {
  auto verdict =
      ClassifyConsole("qemu-system-any: could not load kernel '/x'\n", ConsoleEnd::kExited);
  EXPECT_EQ(verdict.status, targets::BootStatus::kQemuError) << verdict.title;
  EXPECT_NE(verdict.excerpt.find("could not load kernel"), std::string::npos) << verdict.excerpt;
}

TEST(ConsoleClassifier, ReachedInitDetectsFramesAndTheKernelsRunLine) {
  EXPECT_TRUE(ConsoleReachedInit("[ 1.6] Run /init as init process\r\n"));
  EXPECT_TRUE(ConsoleReachedInit("@@VDSOCONF1 H x@@"));
  EXPECT_FALSE(ConsoleReachedInit("OpenSBI v1.1\r\n[ 0.0] Linux version 7.2\r\n"));
}

}  // namespace
}  // namespace vdsoconf::runner
