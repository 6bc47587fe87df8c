// Usage errors: every refused command line exits 64 with a message naming what was wrong (and
// the valid names), before anything is provisioned, booted or built.
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::cli::testing {
namespace {

using std::chrono::milliseconds;

// Nothing boots or builds before a refusal: well under a second even on a loaded machine.
constexpr milliseconds kRefusedWithin{2000};

#define EXPECT_USAGE_ERROR(invocation, text)                                                  \
  do {                                                                                        \
    const Invocation& i_ = (invocation);                                                      \
    EXPECT_TRUE(i_.result.exited&& i_.result.exit_code == 64) << i_.result.Describe() << "\n" \
                                                              << i_.result.output;            \
    EXPECT_TRUE(Contains(i_.result.output, text)) << "no '" << (text) << "' in:\n"            \
                                                  << i_.result.output;                        \
    EXPECT_LT(i_.wall, kRefusedWithin) << "refused only after " << i_.wall.count() << " ms";  \
  } while (0)

TEST(UsageErrors, UnknownSuiteListsTheProbesAndBootsNothing) {
  const std::string out = "/tmp/vdsoconf-cli-bogus-suite";
  const Invocation run = Vdsoconf({"run", "--suite", "bogus", "--out", out});
  EXPECT_USAGE_ERROR(run, "vdsoconf run: --suite: unknown probe 'bogus'");
  EXPECT_TRUE(Contains(run.result.output, "valid: vdso.locate, ")) << run.result.output;
  EXPECT_TRUE(Contains(run.result.output, "vdso.diff")) << run.result.output;
  EXPECT_FALSE(Contains(run.result.output, "provisioning")) << run.result.output;
}

TEST(UsageErrors, MisspelledSuiteSuggestsTheClosestProbe) {
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--suite", "vdso.locate,vdso.dif"}),
                     "unknown probe 'vdso.dif' (did you mean 'vdso.diff'?)");
}

TEST(UsageErrors, MistypedKernelSpecIsRefusedBeforeProvisioning) {
  const Invocation run = Vdsoconf({"run", "--kernel", "debain:latest"});
  EXPECT_USAGE_ERROR(run, "vdsoconf run: --kernel: ");
  EXPECT_TRUE(Contains(run.result.output, "debain:latest")) << run.result.output;
  EXPECT_FALSE(Contains(run.result.output, "provisioning")) << run.result.output;
}

TEST(UsageErrors, KernelsFetchAndBuildRefuseABadSpecBeforeProvisioning) {
  EXPECT_USAGE_ERROR(Vdsoconf({"kernels", "fetch", "debian:latest", "debain:latest"}),
                     "bad kernel spec 'debain:latest': unknown form");
  EXPECT_USAGE_ERROR(Vdsoconf({"kernels", "build", "debian:latest"}),
                     "'debian:latest' is not a source:LINE spec");
}

TEST(UsageErrors, ReportOutThatIsAFolderIsAMistakenOutDir) {
  const std::string folder = ::testing::TempDir();
  EXPECT_USAGE_ERROR(Vdsoconf({"report", "--in", VDSOCONF_REPORTS_GOLDEN_RESULTS, "--format",
                               "html", "--out", folder}),
                     "--out names the report file (--out-dir DIR");
}

TEST(UsageErrors, UnknownArchitectureListsTheValidOnes) {
  // A typo of a real architecture's name (its last character changed), so the test holds for
  // whichever architectures the build has.
  const std::string known(targets::DefaultTarget().Name());
  std::string typo = known;
  typo.back() = typo.back() == '2' ? '3' : '2';
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--arch", typo}), "--arch: unknown architecture '" + typo +
                                                            "' (did you mean '" + known + "'?)");
}

TEST(UsageErrors, UnknownSubcommandIsNamedWithTheClosestOne) {
  EXPECT_USAGE_ERROR(Vdsoconf({"rnu"}), "vdsoconf: unknown subcommand 'rnu' (did you mean 'run'?)");
  EXPECT_USAGE_ERROR(Vdsoconf({"kernels", "lsit"}),
                     "vdsoconf kernels: unknown subcommand 'lsit' (did you mean 'list'?)");
}

TEST(UsageErrors, UnknownFlagIsNamedWithTheClosestOne) {
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--timout", "5"}),
                     "vdsoconf run: unknown option '--timout' (did you mean '--timeout'?)");
  EXPECT_USAGE_ERROR(Vdsoconf({"--bogus"}), "vdsoconf: unknown option '--bogus'");
}

TEST(UsageErrors, MissingSubcommandListsThem) {
  EXPECT_USAGE_ERROR(Vdsoconf({}), "vdsoconf: a subcommand is required: check-image, ");
}

TEST(UsageErrors, FuzzWithoutTargetListsTheTargets) {
  EXPECT_USAGE_ERROR(Vdsoconf({"fuzz"}), "--target NAME is required");
  EXPECT_USAGE_ERROR(Vdsoconf({"fuzz"}), "model");
  EXPECT_USAGE_ERROR(Vdsoconf({"fuzz", "--target", "modle"}),
                     "unknown fuzz target 'modle' (did you mean 'model'?)");
}

TEST(UsageErrors, BadNumbersAreRefusedInWords) {
  const Invocation timeout = Vdsoconf({"run", "--timeout", "-1"});
  EXPECT_USAGE_ERROR(timeout, "--timeout: must be a positive number of seconds, not '-1'");
  EXPECT_LT(timeout.result.output.size(), 300u) << timeout.result.output;
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--jobs", "0"}),
                     "--jobs: must be a whole number from 1 to 64, not '0'");
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--boot-timeout", "soon"}),
                     "must be a positive number of seconds, not 'soon'");
}

TEST(UsageErrors, MissingRequiredOptionAndExcludedPairs) {
  EXPECT_USAGE_ERROR(Vdsoconf({"extract", "--out", "/tmp/x"}), "--kernel is required");
  EXPECT_USAGE_ERROR(Vdsoconf({"check-image", "--kernel", "debian:latest", "--image", "/bin/sh"}),
                     "excludes");
  EXPECT_USAGE_ERROR(Vdsoconf({"run", "--trivial-init", "--suite", "vdso.diff"}), "excludes");
}

TEST(UsageErrors, CheckImageOnlyMustSelectACheck) {
  EXPECT_USAGE_ERROR(Vdsoconf({"check-image", "--image", "/bin/sh", "--only", "nosuchcheck"}),
                     "--only: 'nosuchcheck' is part of no check's name");
}

TEST(UsageErrors, KernelIsASpecOrAnExistingFileEverywhere) {
  EXPECT_USAGE_ERROR(Vdsoconf({"extract", "--kernel", "/nonexistent/Image", "--out", "/tmp/x"}),
                     "no such file: /nonexistent/Image");
  EXPECT_USAGE_ERROR(Vdsoconf({"exec", "--kernel", "debain:latest"}),
                     "'debain:latest' is neither a file nor a kernel spec");
  EXPECT_USAGE_ERROR(Vdsoconf({"check-image", "--kernel", "source:6.2"}),
                     "vdsoconf check-image: --kernel: ");
  EXPECT_USAGE_ERROR(Vdsoconf({"fuzz", "--target", "differential", "--kernel", "debain:latest"}),
                     "vdsoconf fuzz: --kernel: ");
}

TEST(Version, TheFlagAndTheSubcommandPrintTheProjectVersion) {
  const Invocation flag = Vdsoconf({"--version"});
  EXPECT_TRUE(flag.result.ok()) << flag.result.Describe() << "\n" << flag.result.output;
  EXPECT_EQ(flag.result.output, "vdsoconf " VDSOCONF_VERSION "\n");
  const Invocation command = Vdsoconf({"version"});
  EXPECT_TRUE(command.result.ok()) << command.result.output;
  EXPECT_EQ(command.result.output.rfind("vdsoconf " VDSOCONF_VERSION "\n", 0), 0u)
      << command.result.output;
}

}  // namespace
}  // namespace vdsoconf::cli::testing
