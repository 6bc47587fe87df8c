#include "kernel_argument.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/kernel_spec.h"
#include "vdsoconf/riscv/kernels/provision.h"

namespace vdsoconf::cli {

void RequireKernelSpec(const std::string& flag, const std::string& spec) {
  try {
    riscv::kernels::ParseKernelSpec(spec);
  } catch (const InfraError& e) {
    throw CLI::ValidationError(flag, e.what());
  }
}

std::filesystem::path ResolveKernelArgument(const std::string& kernel) {
  std::error_code error;
  if (std::filesystem::is_regular_file(kernel, error)) return kernel;
  riscv::kernels::KernelSpec spec;
  try {
    spec = riscv::kernels::ParseKernelSpec(kernel);
  } catch (const InfraError& e) {
    throw CLI::ValidationError("--kernel",
                               "'" + kernel + "' is neither a file nor a kernel spec: " + e.what());
  }
  if (spec.kind == riscv::kernels::SpecKind::kPath &&
      !std::filesystem::is_regular_file(spec.image, error)) {
    throw CLI::ValidationError("--kernel", "no such file: " + spec.image.string());
  }
  std::cerr << "provisioning " << kernel << "\n";
  // A path spec (path:FILE, FILE,build=DIR) is the file itself: no copy into the cache.
  if (spec.kind == riscv::kernels::SpecKind::kPath) return spec.image;
  const auto provisioned = riscv::kernels::ProvisionKernel(kernel);
  std::cerr << "kernel " << provisioned.version << ": " << provisioned.image.string() << "\n";
  return provisioned.image;
}

}  // namespace vdsoconf::cli
