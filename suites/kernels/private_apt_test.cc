// The private apt configuration: what it points apt at, and what it never touches.
#include "vdsoconf/kernels/private_apt.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "vdsoconf/kernels/debian_kernel.h"
#include "vdsoconf/kernels/debian_mirror.h"

namespace vdsoconf::kernels {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + " ";
  return text;
}

TEST(PrivateApt, EveryPathOptionIsInsideTheStateDirectory) {
  PrivateApt apt("/cache/apt/sid", {"http://mirror.example/debian", "sid", {"s390x"}});
  const auto options = apt.Options();
  int paths = 0;
  for (size_t i = 0; i + 1 < options.size(); i += 2) {
    ASSERT_EQ(options[i], "-o") << Joined(options);
    const std::string& setting = options[i + 1];
    EXPECT_EQ(setting.find("/etc/apt"), std::string::npos) << setting;
    EXPECT_EQ(setting.find("/var/lib/apt"), std::string::npos) << setting;
    EXPECT_EQ(setting.find("/var/cache/apt"), std::string::npos) << setting;
    EXPECT_EQ(setting.find("/var/lib/dpkg"), std::string::npos) << setting;
    const auto equals = setting.find('=');
    if (equals != std::string::npos && setting[equals + 1] == '/') {
      ++paths;
      EXPECT_TRUE(setting.substr(equals + 1).starts_with("/cache/apt/sid/")) << setting;
    }
  }
  // sourcelist, sourceparts, preferences, preferencesparts, lists, cache, archives, status.
  EXPECT_EQ(paths, 8) << Joined(options);
  for (const char* needed :
       {"Dir::Etc::sourcelist=", "Dir::Etc::sourceparts=", "Dir::Etc::preferencesparts=",
        "Dir::State::Lists=", "Dir::State::status=", "Dir::Cache::Archives=",
        "APT::Architectures::=s390x"}) {
    EXPECT_NE(Joined(options).find(needed), std::string::npos)
        << needed << " in " << Joined(options);
  }
}

TEST(PrivateApt, SourcesListLineNamesTheMirrorAndSuiteOnly) {
  PrivateApt apt("/x", {"http://mirror.example/debian", "bookworm-backports", {}});
  const std::string line = apt.SourcesListLine();
  EXPECT_TRUE(line.starts_with("deb ")) << line;
  EXPECT_TRUE(line.ends_with(" http://mirror.example/debian bookworm-backports main")) << line;
}

TEST(PrivateApt, ParsesTheCandidateRecordAndRejectsIncompleteOnes) {
  const std::string record =
      "Package: linux-source-6.12\nVersion: 6.12.95-1~bpo12+1\nArchitecture: all\n"
      "Filename: pool/main/l/linux/linux-source-6.12_6.12.95-1~bpo12+1_all.deb\nSize: 152599636\n"
      "SHA256: " +
      std::string(64, 'a') + "\n\nPackage: other\n";
  auto parsed = ParseAptRecord(record);
  ASSERT_TRUE(parsed.has_value()) << record;
  EXPECT_EQ(parsed->name, "linux-source-6.12");
  EXPECT_EQ(parsed->version, "6.12.95-1~bpo12+1");
  EXPECT_EQ(parsed->size, 152599636u);
  EXPECT_EQ(parsed->sha256, std::string(64, 'a'));
  // An installed package's status record has no SHA256: not downloadable, not a candidate.
  EXPECT_FALSE(ParseAptRecord("Package: x\nVersion: 1\nArchitecture: all\nSize: 1\n"));
  EXPECT_FALSE(ParseAptRecord("Package: x\nVersion: 1\nArchitecture: all\nSize: 1x\nSHA256: " +
                              std::string(64, 'a') + "\n"));
  EXPECT_FALSE(ParseAptRecord(""));
}

TEST(DebianMirror, FindsTheMainArchiveInBothSourceFormats) {
  const char* deb822 =
      "Types: deb\n# URIs: http://commented.example/debian\n"
      "URIs: http://security.example/debian-security\nSuites: bookworm-security\n\n"
      "Types: deb\nURIs: http://local.example/debian/\nSuites: bookworm\n";
  EXPECT_EQ(DebianMirrorInSourceText(deb822).value_or("none"), "http://local.example/debian");
  const char* one_line =
      "# deb http://commented.example/debian bookworm main\n"
      "deb [arch=amd64 signed-by=/k.gpg] http://proxy.example:3142/debian bookworm main\n";
  EXPECT_EQ(DebianMirrorInSourceText(one_line).value_or("none"),
            "http://proxy.example:3142/debian");
  EXPECT_FALSE(DebianMirrorInSourceText("deb http://ppa.example/ubuntu jammy main\n"));
  EXPECT_FALSE(DebianMirrorInSourceText(""));
}

TEST(DebianMirror, EnvironmentOverrideWinsAndFallbackIsDebiansRedirector) {
  ::setenv("VDSOCONF_DEBIAN_MIRROR", "http://override.example/debian/", 1);
  EXPECT_EQ(DebianMirror("/nonexistent"), "http://override.example/debian");
  ::unsetenv("VDSOCONF_DEBIAN_MIRROR");
  EXPECT_EQ(DebianMirror("/nonexistent"), kFallbackDebianMirror);
}

// Only the flavour's own packages count: not another flavour's ("-arm64-16k" is not "-arm64"),
// not another architecture's, not the linux-base companions.
TEST(DebianKernelChoice, LatestExactAndPrefix) {
  const std::vector<std::string> names{
      "linux-binary-6.19.3+deb14-arm64", "linux-binary-7.2.9+deb14-arm64",
      "linux-binary-7.2.13+deb14-arm64", "linux-binary-7.10.1+deb14-arm64-16k",
      "linux-binary-7.11.1+deb14-s390x", "linux-base-7.2.13+deb14-arm64"};
  EXPECT_EQ(ChooseDebianKernelPackage(names, "latest", "arm64").value_or("none"),
            "linux-binary-7.2.13+deb14-arm64");
  EXPECT_EQ(ChooseDebianKernelPackage(names, "7.2.9+deb14", "arm64").value_or("none"),
            "linux-binary-7.2.9+deb14-arm64");
  EXPECT_EQ(ChooseDebianKernelPackage(names, "6.19", "arm64").value_or("none"),
            "linux-binary-6.19.3+deb14-arm64");
  EXPECT_EQ(ChooseDebianKernelPackage(names, "7.2.1", "arm64").value_or("none"), "none")
      << "7.2.1 must not match 7.2.13";
  EXPECT_EQ(ChooseDebianKernelPackage(names, "latest", "arm64-16k").value_or("none"),
            "linux-binary-7.10.1+deb14-arm64-16k");
  EXPECT_EQ(ChooseDebianKernelPackage({}, "latest", "arm64").value_or("none"), "none");
}

TEST(DebianKernelChoice, VersionsCompareNumerically) {
  EXPECT_LT(CompareKernelVersions("7.2.9+deb14", "7.2.13+deb14"), 0);
  EXPECT_GT(CompareKernelVersions("7.10", "7.9"), 0);
  EXPECT_EQ(CompareKernelVersions("6.12.095", "6.12.95"), 0);
  EXPECT_LT(CompareKernelVersions("6.12", "6.12.1"), 0);
}

}  // namespace
}  // namespace vdsoconf::kernels
