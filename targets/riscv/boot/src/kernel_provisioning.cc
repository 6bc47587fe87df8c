#include "vdsoconf/targets/riscv/kernel_provisioning.h"

#include <filesystem>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"

namespace vdsoconf::targets::riscv {
namespace {

ProvisionedKernel UserKernel(const std::string& spec, const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw InfraError("kernel '" + spec + "': " + path.string() + " is not a file");
  }
  ProvisionedKernel kernel;
  kernel.spec = spec;
  kernel.version = "unknown";
  kernel.origin = "user";
  kernel.image = std::filesystem::absolute(path);
  kernel.entry_dir = kernel.image.parent_path();
  kernel.image_sha256 = Sha256File(path);
  kernel.metadata = {{"path", kernel.image.string()}};
  return kernel;
}

}  // namespace

ProvisionedKernel ProvisionKernel(const std::string& spec) {
  if (spec.rfind("path:", 0) == 0) return UserKernel(spec, spec.substr(5));
  if (spec.rfind("debian:", 0) == 0 || spec.rfind("source:", 0) == 0) {
    throw InfraError("kernel '" + spec +
                     "': provisioning Debian and source kernels needs the kernels component, "
                     "which this build does not have yet");
  }
  std::error_code error;
  if (std::filesystem::exists(spec, error)) return UserKernel(spec, spec);
  throw InfraError("kernel '" + spec +
                   "': not a spec (debian:VERSION|latest, source:VERSION, path:FILE) and no "
                   "such file");
}

}  // namespace vdsoconf::targets::riscv
