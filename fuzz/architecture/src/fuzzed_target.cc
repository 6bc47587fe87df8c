#include "vdsoconf/fuzz/fuzzed_target.h"

#include <cstdlib>
#include <string>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::fuzz {

targets::Target& FuzzedTarget() {
  const char* name = std::getenv("VDSOCONF_FUZZ_ARCH");
  if (name == nullptr || *name == '\0') return targets::DefaultTarget();
  if (targets::Target* target = targets::FindTarget(name)) return *target;
  std::string known;
  for (const std::string& each : targets::TargetNames())
    known += (known.empty() ? "" : ", ") + each;
  throw InfraError("VDSOCONF_FUZZ_ARCH=" + std::string(name) +
                   " names no architecture; known: " + known);
}

}  // namespace vdsoconf::fuzz
