// The riscv64 Target's jobs are reached by name, through FindTarget("riscv64") as tools/ reaches
// them, and behave as the components they wrap: same answers, same refusals with the same
// messages (the command line's output depends on them, byte for byte).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/vvar_state.h"
#include "vdsoconf/riscv/image/kernel_scan.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"
#include "vdsoconf/riscv/mutants/catalog.h"
#include "vdsoconf/riscv/mutants/mutant_build.h"
#include "vdsoconf/targets/image_checks.h"
#include "vdsoconf/targets/image_executor.h"
#include "vdsoconf/targets/image_extractor.h"
#include "vdsoconf/targets/kernel_store.h"
#include "vdsoconf/targets/mutant_catalog.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets {
namespace {

using Kind = KernelSpecForm::Kind;

Target& Riscv64() {
  Target* target = FindTarget("riscv64");
  if (target == nullptr) throw std::logic_error("FindTarget(\"riscv64\") found nothing");
  return *target;
}

// The InfraError message `action` throws; fails the test when it throws none.
std::string InfraErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const InfraError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InfraError was thrown";
  return "";
}

// An image of no architecture: what a caller would pass by mistake.
class ForeignImage final : public ExtractedImage {
 public:
  std::string Name() const override { return "vdso-0"; }
  std::span<const std::uint8_t> Bytes() const override { return {}; }
  std::uint64_t SourceOffset() const override { return 0; }
  std::size_t ExportedSymbolCount() const override { return 0; }
  std::string Generation() const override { return "unknown"; }
  std::string GenerationReason() const override { return ""; }
  std::optional<std::uint64_t> VvarPages() const override { return std::nullopt; }
  bool IsCfiBuild() const override { return false; }
  std::uint64_t Extent() const override { return 0; }
  std::string Sha256() const override { return ""; }
  std::vector<ImageSymbol> ExportedSymbols() const override { return {}; }
  std::optional<ImageSymbol> FindExportedSymbol(std::string_view) const override {
    return std::nullopt;
  }
  nlohmann::json Describe(const std::string&) const override { return {}; }
};

TEST(Riscv64TargetJobs, AreFoundByName) {
  Target& target = Riscv64();
  EXPECT_EQ(&target, &DefaultTarget());
  EXPECT_EQ(target.Title(), "RISC-V");
  EXPECT_EQ(target.Executor().Runner(), "qemu-riscv64");
  EXPECT_EQ(target.Mutants().Lines(), riscv::mutants::MutantLines());
  const auto names = target.ImageChecks().CheckNames();
  // Linked whole: every check registered itself, none was dropped as an unused archive member.
  EXPECT_NE(std::find(names.begin(), names.end(), "check-image.clock_gettime"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "check-image.seqlock"), names.end());
}

TEST(Riscv64TargetJobs, KernelStoreParsesSpecsLikeTheKernelsComponent) {
  KernelStore& kernels = Riscv64().Kernels();
  EXPECT_EQ(kernels.ParseSpec("debian:latest").kind, Kind::kPackaged);
  EXPECT_EQ(kernels.ParseSpec("source:6.12+btf").kind, Kind::kSource);
  const KernelSpecForm file = kernels.ParseSpec("/no/such/Image,build=/no/such/tree");
  EXPECT_EQ(file.kind, Kind::kFile);
  EXPECT_EQ(file.file, std::filesystem::path("/no/such/Image"));
  const auto& riscv_kernels = riscv::kernels::Riscv64Kernels();
  for (const char* bad : {"debain:latest", "source:6.2", "source:6.12+nosuchvariant", ""}) {
    EXPECT_EQ(InfraErrorOf([&] { kernels.ParseSpec(bad); }),
              InfraErrorOf([&] { vdsoconf::kernels::ParseKernelSpec(riscv_kernels, bad); }))
        << "spec '" << bad << "'";
  }
}

TEST(Riscv64TargetJobs, ExtractionRefusesANonKernelFileWithTheComponentsMessage) {
  const auto file = std::filesystem::path(testing::TempDir()) / "not-a-kernel.txt";
  std::ofstream(file) << "this is not a kernel\n";
  const std::string message = InfraErrorOf([&] { Riscv64().Images().Extract(file); });
  EXPECT_EQ(message, InfraErrorOf([&] { riscv::ExtractVdsoImages(file); }));
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
}

TEST(Riscv64TargetJobs, ScanTakesBadBytesWithoutThrowingAndAnalyzeRefusesThemAsTheComponent) {
  const std::vector<std::uint8_t> bytes = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0};
  const ExtractedImages scanned = Riscv64().Images().Scan(bytes);
  EXPECT_TRUE(scanned.images.empty());
  EXPECT_EQ(scanned.rejected, riscv::ScanForVdsoImages(bytes).rejected);
  EXPECT_EQ(InfraErrorOf([&] { Riscv64().Images().Analyze(bytes, 0); }),
            InfraErrorOf([&] { riscv::AnalyzeVdsoImage(bytes, 0); }));
}

TEST(Riscv64TargetJobs, TheExecutorsCounterIsReadUnderArchTimer) {
  EXPECT_EQ(Riscv64().Executor().CounterClockMode(), ref::riscv::kClockModeArchtimer);
}

TEST(Riscv64TargetJobs, ExecutorAndChecksRefuseAnImageTheTargetDidNotExtract) {
  const ForeignImage foreign;
  const std::string why = "vDSO image vdso-0 was not extracted by the riscv64 target";
  EXPECT_EQ(InfraErrorOf([&] { Riscv64().Executor().Start(foreign); }), why);
  EXPECT_EQ(InfraErrorOf([&] { Riscv64().ImageChecks().Check(foreign, "foreign", {}); }), why);
}

TEST(Riscv64TargetJobs, MutantCatalogueListsAndRefusesLikeTheMutantsComponent) {
  MutantCatalog& mutants = Riscv64().Mutants();
  for (const auto& line : mutants.Lines()) {
    const auto listed = mutants.MutantsFor(line);
    const auto native = riscv::mutants::MutantsFor(line);
    ASSERT_EQ(listed.size(), native.size()) << "line " << line;
    for (std::size_t i = 0; i < listed.size(); ++i) {
      EXPECT_EQ(listed[i].name, native[i].name);
      EXPECT_EQ(listed[i].description, native[i].description);
    }
  }
  EXPECT_TRUE(mutants.MutantsFor("9.9").empty());
  EXPECT_EQ(InfraErrorOf([&] { mutants.Build("9.9", 1); }),
            InfraErrorOf([&] { riscv::mutants::BuildMutants("9.9", {.jobs = 1}); }));
}

}  // namespace
}  // namespace vdsoconf::targets
