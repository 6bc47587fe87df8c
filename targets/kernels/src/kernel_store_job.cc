#include "vdsoconf/kernels/kernel_store_job.h"

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/kernel_spec.h"
#include "vdsoconf/kernels/kernel_store.h"
#include "vdsoconf/kernels/provision.h"
#include "vdsoconf/kernels/source_tree.h"

namespace vdsoconf::kernels {
namespace {

targets::KernelSpecForm::Kind FormKind(SpecKind kind) {
  switch (kind) {
    case SpecKind::kDebian:
      return targets::KernelSpecForm::Kind::kPackaged;
    case SpecKind::kSource:
      return targets::KernelSpecForm::Kind::kSource;
    case SpecKind::kPath:
      return targets::KernelSpecForm::Kind::kFile;
  }
  throw InfraError("unhandled kernel spec kind");
}

class KernelStoreJob final : public targets::KernelStore {
 public:
  explicit KernelStoreJob(const KernelArch& arch) : arch_(arch) {}

  targets::KernelSpecForm ParseSpec(const std::string& spec) const override {
    const KernelSpec parsed = ParseKernelSpec(arch_, spec);
    return {FormKind(parsed.kind), parsed.image};
  }

  targets::ProvisionedKernel Provision(const std::string& spec,
                                       const targets::KernelBuildOptions& options) override {
    return ProvisionKernel(arch_, spec, {.jobs = options.jobs});
  }

  std::vector<targets::ProvisionedKernel> List() const override { return ListKernels(); }

  std::filesystem::path SourceTree(const std::string& line) override {
    return ProvisionSourceTree(arch_, line).root;
  }

 private:
  const KernelArch& arch_;
};

}  // namespace

std::unique_ptr<targets::KernelStore> MakeKernelStore(const KernelArch& arch) {
  return std::make_unique<KernelStoreJob>(arch);
}

}  // namespace vdsoconf::kernels
