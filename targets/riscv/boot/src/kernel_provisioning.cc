#include "vdsoconf/targets/riscv/kernel_provisioning.h"

#include <filesystem>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/targets/riscv/kernel_image.h"

#if __has_include("vdsoconf/riscv/kernels/provision.h")
#include "vdsoconf/riscv/kernels/provision.h"
#define VDSOCONF_HAVE_KERNELS_COMPONENT 1
#endif

namespace vdsoconf::targets::riscv {
namespace {

[[maybe_unused]] ProvisionedKernel UserKernel(const std::string& spec,
                                              const std::filesystem::path& path) {
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
  bool path_spec = spec.rfind("path:", 0) == 0;
  std::error_code error;
  if (path_spec || (spec.find(':') == std::string::npos && std::filesystem::exists(spec, error))) {
    std::filesystem::path file = path_spec ? spec.substr(5) : spec;
    // Checked here too so that a wrong file is named the same way whoever provisions it.
    if (std::string why = WhyNotRiscvKernel(file); !why.empty()) throw InfraError(why);
#ifdef VDSOCONF_HAVE_KERNELS_COMPONENT
    ProvisionedKernel kernel =
        vdsoconf::riscv::kernels::ProvisionKernel(std::filesystem::absolute(file).string());
    kernel.spec = spec;
    return kernel;
#else
    return UserKernel(spec, file);
#endif
  }
#ifdef VDSOCONF_HAVE_KERNELS_COMPONENT
  return vdsoconf::riscv::kernels::ProvisionKernel(spec);
#else
  if (spec.rfind("debian:", 0) == 0 || spec.rfind("source:", 0) == 0) {
    throw InfraError("kernel '" + spec +
                     "': provisioning Debian and source kernels needs the kernels component, "
                     "which this build does not have");
  }
  throw InfraError("kernel '" + spec +
                   "': not a spec (debian:VERSION|latest, source:VERSION, path:FILE) and no "
                   "such file");
#endif
}

std::string WhyNotKernelSpec(const std::string& spec) {
  std::error_code error;
  if (spec.rfind("path:", 0) == 0 || std::filesystem::exists(spec, error)) return "";
#ifdef VDSOCONF_HAVE_KERNELS_COMPONENT
  try {
    vdsoconf::riscv::kernels::ParseKernelSpec(spec);
    return "";
  } catch (const InfraError& e) {
    return e.what();
  }
#else
  if (spec.rfind("debian:", 0) == 0 || spec.rfind("source:", 0) == 0) return "";
  return "kernel '" + spec + "': not a spec (debian:VERSION|latest, source:VERSION, path:FILE)";
#endif
}

}  // namespace vdsoconf::targets::riscv
