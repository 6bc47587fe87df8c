// The list of the model's architectures: the one place in reference/ outside reference/arch/<arch>/
// that names them.
#include <algorithm>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/x86/x86_64_model.h"

namespace vdsoconf::ref {

const std::vector<const ArchModel*>& AllArchModels() {
  static const std::vector<const ArchModel*> models = {&riscv::Riscv64Model(),
                                                      &x86::X86_64Model()};
  return models;
}

const ArchModel& DefaultArchModel() {
  // The default target's architecture (targets::DefaultTarget, targets/src/all_targets.cc); a
  // test holds the two together.
  return riscv::Riscv64Model();
}

const ArchModel* FindArchModel(std::string_view name) {
  const auto& models = AllArchModels();
  auto it = std::find_if(models.begin(), models.end(),
                         [&](const ArchModel* model) { return model->Name() == name; });
  return it == models.end() ? nullptr : *it;
}

}  // namespace vdsoconf::ref
