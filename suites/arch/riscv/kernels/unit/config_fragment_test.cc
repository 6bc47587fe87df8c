// RISC-V's config fragments (targets/riscv/kernels/config/) as the generic source build composes
// and verifies them.
#include "vdsoconf/kernels/config_fragment.h"

#include <gtest/gtest.h>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"

namespace vdsoconf::riscv::kernels {
namespace {

using vdsoconf::kernels::ConfigAssignments;
using vdsoconf::kernels::MissingOptions;

std::string ComposeFragment(std::string_view line, const std::vector<std::string>& variants = {}) {
  return vdsoconf::kernels::ComposeFragment(Riscv64Kernels(), line, variants);
}

void VerifyConfig(std::string_view fragment, std::string_view dot_config,
                  const std::string& build_dir) {
  vdsoconf::kernels::VerifyConfig(fragment, dot_config, build_dir, Riscv64Kernels().fragment_dir);
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += "[" + item + "] ";
  return text;
}

// A .config that satisfies `fragment` exactly, as olddefconfig would write it.
std::string ConfigSatisfying(const std::string& fragment) {
  std::string config = "#\n# Automatically generated file; DO NOT EDIT.\n#\nCONFIG_CC_IS_GCC=y\n";
  for (const auto& [name, value] : ConfigAssignments(fragment)) {
    config += value == "n" ? "# " + name + " is not set\n" : name + "=" + value + "\n";
  }
  return config;
}

TEST(ConfigFragment, EveryKnownLineHasAFragmentWithTheVdsoEssentials) {
  for (const auto& release : Riscv64Kernels().source_releases) {
    const std::string fragment = ComposeFragment(release.line);
    for (const char* option : {"CONFIG_MMU", "CONFIG_HAVE_GENERIC_VDSO", "CONFIG_TIME_NS",
                               "CONFIG_SECCOMP_FILTER", "CONFIG_BLK_DEV_INITRD"}) {
      EXPECT_NE(fragment.find(std::string(option) + "=y"), std::string::npos)
          << "line " << release.line << " lacks " << option << "\n"
          << fragment;
    }
    EXPECT_NE(fragment.find("# --- " + std::string(release.line) + " ---"), std::string::npos)
        << "line " << release.line << " has no per-line fragment";
    EXPECT_EQ(fragment.find("DEBUG_INFO_BTF"), std::string::npos) << release.line;
    EXPECT_NE(ComposeFragment(release.line, {"btf"}).find("CONFIG_DEBUG_INFO_BTF=y"),
              std::string::npos)
        << release.line;
  }
}

TEST(ConfigFragment, EveryKnownVariantHasAFragment) {
  for (const auto& variant : Riscv64Kernels().source_variants) {
    EXPECT_TRUE(EmbeddedFragments().contains(std::string(variant.name)))
        << "variant +" << variant.name << " has no config/" << variant.name << ".config";
  }
}

// 6.1 turns jump labels on (its vDSO faults without them); +nojumplabel turns them off again, and
// the check of the finished .config wants the variant's value, not the line's.
TEST(ConfigFragment, AVariantOverridesTheLineAndTheLastValueIsChecked) {
  const std::string plain = ComposeFragment("6.1");
  const std::string without = ComposeFragment("6.1", {"nojumplabel"});
  EXPECT_NE(plain.find("CONFIG_JUMP_LABEL=y"), std::string::npos) << plain;
  EXPECT_LT(without.find("CONFIG_JUMP_LABEL=y"), without.find("# CONFIG_JUMP_LABEL is not set"))
      << without;
  const std::string config_off = ConfigSatisfying(without);  // the last value: not set
  EXPECT_NE(config_off.find("# CONFIG_JUMP_LABEL is not set"), std::string::npos);
  EXPECT_TRUE(MissingOptions(without, config_off).empty())
      << Joined(MissingOptions(without, config_off));
  const auto missing = MissingOptions(plain, config_off);
  ASSERT_EQ(missing.size(), 1u) << Joined(missing);
  EXPECT_EQ(missing[0], "CONFIG_JUMP_LABEL=y (.config: not set)");
  std::string config_on = config_off;
  config_on.replace(config_on.find("# CONFIG_JUMP_LABEL is not set"), 30, "CONFIG_JUMP_LABEL=y");
  ASSERT_EQ(MissingOptions(without, config_on).size(), 1u)
      << Joined(MissingOptions(without, config_on));
  EXPECT_EQ(MissingOptions(without, config_on)[0], "CONFIG_JUMP_LABEL=n (.config: y)");
}

TEST(ConfigFragment, EveryNonCommentLineIsAnAssignment) {
  for (const auto& [name, text] : EmbeddedFragments()) {
    size_t lines = 0;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      if (line.empty() || (line[0] == '#' && line.find(" is not set") == std::string::npos)) {
        continue;
      }
      ++lines;
      EXPECT_EQ(ConfigAssignments(line).size(), 1u) << name << ".config: '" << line << "'";
    }
    EXPECT_GT(lines, 0u) << name << ".config assigns nothing";
  }
}

TEST(ConfigFragment, SatisfiedConfigHasNothingMissing) {
  const std::string fragment = ComposeFragment("6.12", {"btf"});
  EXPECT_TRUE(MissingOptions(fragment, ConfigSatisfying(fragment)).empty())
      << Joined(MissingOptions(fragment, ConfigSatisfying(fragment)));
  EXPECT_NO_THROW(VerifyConfig(fragment, ConfigSatisfying(fragment), "/build"));
}

TEST(ConfigFragment, DroppedOptionIsNamedWithWhatConfigHas) {
  const std::string fragment = ComposeFragment("6.12");
  std::string config = ConfigSatisfying(fragment);
  // What tinyconfig does when NET is missing: SECCOMP_FILTER silently disappears.
  const std::string line = "CONFIG_SECCOMP_FILTER=y\n";
  config.erase(config.find(line), line.size());
  // And one option that survived with another value.
  config.replace(config.find("CONFIG_SERIAL_8250=y"), 20, "CONFIG_SERIAL_8250=m");
  const auto missing = MissingOptions(fragment, config);
  ASSERT_EQ(missing.size(), 2u) << Joined(missing);
  EXPECT_EQ(missing[0], "CONFIG_SERIAL_8250=y (.config: m)") << Joined(missing);
  EXPECT_EQ(missing[1], "CONFIG_SECCOMP_FILTER=y (.config: not set)") << Joined(missing);
  try {
    VerifyConfig(fragment, config, "/cache/builds/x");
    FAIL() << "VerifyConfig accepted a config without CONFIG_SECCOMP_FILTER";
  } catch (const InfraError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("lost 2 option(s)"), std::string::npos) << message;
    EXPECT_NE(message.find("CONFIG_SECCOMP_FILTER=y (.config: not set)"), std::string::npos)
        << message;
    EXPECT_NE(message.find("/cache/builds/x"), std::string::npos) << message;
    EXPECT_NE(message.find("add it to targets/riscv/kernels/config/"), std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace vdsoconf::riscv::kernels
