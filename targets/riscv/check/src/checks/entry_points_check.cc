// check-image.entry_points: the image exports exactly the entry points of its generation
// (ref::VdsoEntryPoints), each in version LINUX_4.15. A missing symbol would leave a behaviour
// unchecked; an unknown one is code the model knows nothing about.
#include <set>

#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/image_check.h"

namespace vdsoconf::riscv::check {
namespace {

CheckOutcome RunEntryPoints(const CheckContext& context) {
  CheckRecorder recorder("check-image.entry_points");
  const auto expected = ref::VdsoEntryPoints(context.facts.layout.generation);
  std::set<std::string> exported;
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& symbol : context.image.ExportedSymbols()) {
    if (symbol.type != 2 /* STT_FUNC */) continue;
    exported.insert(symbol.name);
    listing.push_back(symbol.name + "@" + symbol.version);
    recorder.CountComparisons(1);
    const ref::EntryPoint* known =
        ref::FindVdsoEntryPoint(context.facts.layout.generation, symbol.name);
    if (known == nullptr) {
      recorder.Fail(symbol.name + " is exported but the generation's vDSO has no such entry",
                    {{"symbol", symbol.name}, {"version", symbol.version}});
    } else if (symbol.version != known->version) {
      recorder.Fail(
          symbol.name + " has version '" + symbol.version + "', model " +
              std::string(known->version),
          {{"symbol", symbol.name}, {"image", symbol.version}, {"model", known->version}});
    }
  }
  for (const ref::EntryPoint& entry : expected) {
    recorder.CountComparisons(1);
    if (!exported.contains(std::string(entry.name))) {
      recorder.Fail(std::string(entry.name) + " is not exported",
                    {{"symbol", entry.name}, {"source", entry.source}});
    }
  }
  recorder.AddEvidence("exported", listing);
  return recorder.Finish("exports exactly the " + std::to_string(expected.size()) +
                         " entry points of generation " +
                         std::string(ref::GenerationName(context.facts.layout.generation)));
}

const CheckRegistration kRegistration{{"check-image.entry_points", 1, RunEntryPoints}};

}  // namespace
}  // namespace vdsoconf::riscv::check
