#include "kernel_argument.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/kernel_store.h"
#include "vdsoconf/targets/target.h"

namespace vdsoconf::cli {
namespace {

targets::KernelStore& Kernels() {
  return targets::DefaultTarget().Kernels();
}

}  // namespace

void RequireKernelSpec(const std::string& flag, const std::string& spec) {
  try {
    Kernels().ParseSpec(spec);
  } catch (const InfraError& e) {
    throw CLI::ValidationError(flag, e.what());
  }
}

std::filesystem::path ResolveKernelArgument(const std::string& kernel) {
  std::error_code error;
  if (std::filesystem::is_regular_file(kernel, error)) return kernel;
  targets::KernelSpecForm spec;
  try {
    spec = Kernels().ParseSpec(kernel);
  } catch (const InfraError& e) {
    throw CLI::ValidationError("--kernel",
                               "'" + kernel + "' is neither a file nor a kernel spec: " + e.what());
  }
  const bool names_a_file = spec.kind == targets::KernelSpecForm::Kind::kFile;
  if (names_a_file && !std::filesystem::is_regular_file(spec.file, error)) {
    throw CLI::ValidationError("--kernel", "no such file: " + spec.file.string());
  }
  std::cerr << "provisioning " << kernel << "\n";
  // A path spec (path:FILE, FILE,build=DIR) is the file itself: no copy into the cache.
  if (names_a_file) return spec.file;
  const auto provisioned = Kernels().Provision(kernel, {});
  std::cerr << "kernel " << provisioned.version << ": " << provisioned.image.string() << "\n";
  return provisioned.image;
}

}  // namespace vdsoconf::cli
