// The list of architectures: the one place outside targets/<arch>/ that names them.
#include <memory>

#include "vdsoconf/targets/riscv/riscv64_target.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::targets {

Target* FindTarget(std::string_view name) {
  static const std::unique_ptr<Target> riscv64 = riscv::MakeRiscv64Target();
  if (name == riscv64->Name()) return riscv64.get();
  return nullptr;
}

std::vector<std::string> TargetNames() {
  return {std::string(FindTarget("riscv64")->Name())};
}

Target& DefaultTarget() {
  return *FindTarget("riscv64");
}

}  // namespace vdsoconf::targets
