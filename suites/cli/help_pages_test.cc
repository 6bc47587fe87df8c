// Every help page: the usage line names `vdsoconf` (not the build path), and it ends with
// examples (whose flags SetExamples checked against the declared ones, or the page would not
// print at all).
#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace vdsoconf::cli::testing {
namespace {

TEST(HelpPages, EveryCommandNamesVdsoconfAndShowsExamples) {
  const std::vector<std::vector<std::string>> commands = {{"run"},
                                                          {"check-image"},
                                                          {"extract"},
                                                          {"exec"},
                                                          {"fuzz"},
                                                          {"report"},
                                                          {"kernels"},
                                                          {"kernels", "fetch"},
                                                          {"kernels", "build"},
                                                          {"kernels", "list"},
                                                          {"kernels", "source"},
                                                          {"mutants"},
                                                          {"mutants", "build"},
                                                          {"mutants", "list"},
                                                          {"version"}};
  for (auto args : commands) {
    std::string name = "vdsoconf";
    for (const auto& word : args) name += " " + word;
    args.push_back("--help");
    const Invocation help = Vdsoconf(args);
    EXPECT_TRUE(help.result.ok()) << name << ": " << help.result.Describe() << "\n"
                                  << help.result.output;
    EXPECT_TRUE(Contains(help.result.output, "Usage: " + name)) << help.result.output;
    EXPECT_TRUE(Contains(help.result.output, "Examples:\n  " + name)) << help.result.output;
    EXPECT_FALSE(Contains(help.result.output, VDSOCONF_PROGRAM)) << help.result.output;
  }
}

TEST(HelpPages, TheTopLevelPageNamesVdsoconf) {
  const Invocation help = Vdsoconf({"--help"});
  EXPECT_TRUE(help.result.ok()) << help.result.output;
  EXPECT_TRUE(Contains(help.result.output, "Usage: vdsoconf ")) << help.result.output;
  EXPECT_TRUE(Contains(help.result.output, "--version")) << help.result.output;
}

}  // namespace
}  // namespace vdsoconf::cli::testing
