// check-image.entry_points: the image exports exactly the entry points of its generation
// (ref::riscv::VdsoEntryPoints), each in version LINUX_4.15. A missing symbol would leave a
// behaviour unchecked; an unknown one is code the model knows nothing about.
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/export_comparison.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

CheckOutcome RunEntryPoints(const CheckContext& context) {
  CheckRecorder recorder("check-image.entry_points");
  const std::vector<DynamicSymbol> symbols = context.image.ExportedSymbols();
  const auto expected = ref::riscv::VdsoEntryPoints(context.facts.layout.generation);
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& symbol : symbols) listing.push_back(symbol.name + "@" + symbol.version);
  recorder.CountComparisons(expected.size());
  for (std::string& difference : CompareExports(context.facts.layout.generation, symbols)) {
    recorder.Fail(difference, {{"exported", listing}});
  }
  recorder.AddEvidence("exported", listing);
  return recorder.Finish("exports exactly the " + std::to_string(expected.size()) +
                         " entry points of generation " +
                         std::string(ref::GenerationName(context.facts.layout.generation)));
}

const CheckRegistration kRegistration{{"check-image.entry_points", 1, RunEntryPoints}};

}  // namespace
}  // namespace vdsoconf::riscv::check
