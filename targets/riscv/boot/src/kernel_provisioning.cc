#include "vdsoconf/targets/riscv/kernel_provisioning.h"

#include <filesystem>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/provision.h"
#include "vdsoconf/targets/riscv/kernel_image.h"

namespace vdsoconf::targets::riscv {

ProvisionedKernel ProvisionKernel(const std::string& spec) {
  bool path_spec = spec.rfind("path:", 0) == 0;
  std::error_code error;
  if (path_spec || (spec.find(':') == std::string::npos && std::filesystem::exists(spec, error))) {
    std::filesystem::path file = path_spec ? spec.substr(5) : spec;
    // Checked here too so that a wrong file is named the same way whoever provisions it.
    if (std::string why = WhyNotRiscvKernel(file); !why.empty()) throw InfraError(why);
    ProvisionedKernel kernel =
        vdsoconf::riscv::kernels::ProvisionKernel(std::filesystem::absolute(file).string());
    kernel.spec = spec;
    return kernel;
  }
  return vdsoconf::riscv::kernels::ProvisionKernel(spec);
}

std::string WhyNotKernelSpec(const std::string& spec) {
  std::error_code error;
  if (spec.rfind("path:", 0) == 0 || std::filesystem::exists(spec, error)) return "";
  try {
    vdsoconf::riscv::kernels::ParseKernelSpec(spec);
    return "";
  } catch (const InfraError& e) {
    return e.what();
  }
}

}  // namespace vdsoconf::targets::riscv
