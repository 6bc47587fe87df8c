#include "vdsoconf/riscv/mutants/mutant_catalog_job.h"

#include "vdsoconf/riscv/mutants/catalog.h"
#include "vdsoconf/riscv/mutants/mutant_build.h"

namespace vdsoconf::riscv::mutants {
namespace {

targets::MutantImage ToMutantImage(const BuiltImage& image) {
  return {image.name, image.path, image.sha256, image.from_cache};
}

class MutantCatalogJob final : public targets::MutantCatalog {
 public:
  std::vector<std::string> Lines() const override { return MutantLines(); }

  std::vector<targets::MutantListing> MutantsFor(const std::string& line) const override {
    std::vector<targets::MutantListing> listings;
    for (const Mutant& mutant : mutants::MutantsFor(line)) {
      listings.push_back({mutant.line, mutant.name, mutant.description});
    }
    return listings;
  }

  targets::MutantImages Build(const std::string& line, int jobs) override {
    const MutantBuild build = BuildMutants(line, {.jobs = jobs});
    targets::MutantImages images;
    images.line = build.line;
    images.package_version = build.package_version;
    images.baseline = ToMutantImage(build.baseline);
    for (const BuiltImage& image : build.mutants) images.mutants.push_back(ToMutantImage(image));
    images.elapsed = build.elapsed;
    return images;
  }
};

}  // namespace

std::unique_ptr<targets::MutantCatalog> MakeMutantCatalog() {
  return std::make_unique<MutantCatalogJob>();
}

}  // namespace vdsoconf::riscv::mutants
