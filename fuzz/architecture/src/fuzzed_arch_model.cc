#include "vdsoconf/fuzz/fuzzed_arch_model.h"

#include <cstdlib>
#include <string>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::fuzz {

const ref::ArchModel& FuzzedArchModel() {
  const char* name = std::getenv("VDSOCONF_FUZZ_ARCH");
  if (name == nullptr || *name == '\0') return ref::DefaultArchModel();
  if (const ref::ArchModel* model = ref::FindArchModel(name)) return *model;
  std::string known;
  for (const ref::ArchModel* each : ref::AllArchModels())
    known += (known.empty() ? "" : ", ") + std::string(each->Name());
  throw InfraError("VDSOCONF_FUZZ_ARCH=" + std::string(name) +
                   " names no architecture of the reference model; known: " + known);
}

}  // namespace vdsoconf::fuzz
