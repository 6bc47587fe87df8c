#include "vdsoconf/kernels/provision.h"

#include <fstream>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/kernels/debian_kernel.h"
#include "vdsoconf/kernels/kernel_image.h"
#include "vdsoconf/kernels/kernel_store.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

targets::ProvisionedKernel ProvisionUserKernel(const KernelArch& arch, const KernelSpec& spec) {
  if (!fs::is_regular_file(spec.image)) {
    throw InfraError("kernel image " + spec.image.string() + " does not exist or is not a file");
  }
  const std::string bytes = ReadText(spec.image);
  arch.inspect_image(bytes, spec.image.string());
  KernelFiles files{.image = spec.image};
  std::string version = BannerRelease(bytes).value_or("unknown");
  if (spec.build_tree) {
    const fs::path& tree = *spec.build_tree;
    if (!fs::is_directory(tree)) {
      throw InfraError("build tree " + tree.string() + " is not a directory");
    }
    std::string release = ReadText(tree / "include/config/kernel.release");
    release = release.substr(0, release.find('\n'));
    if (!release.empty()) version = release;
    if (fs::is_regular_file(tree / ".config")) files.config = tree / ".config";
    if (fs::is_regular_file(tree / "vmlinux")) files.vmlinux = tree / "vmlinux";
  }
  nlohmann::json metadata{
      {"spec", spec.text},
      {"version", version},
      {"origin", "user"},
      {"source_image", fs::absolute(spec.image).string()},
      {"build_tree", spec.build_tree ? fs::absolute(*spec.build_tree).string() : std::string()}};
  return StoreKernel(arch, files, metadata, IndexKey("user", Sha256Hex(bytes)));
}

targets::ProvisionedKernel ProvisionKernel(const KernelArch& arch, std::string_view spec_text,
                                           const SourceBuildOptions& build_options) {
  const KernelSpec spec = ParseKernelSpec(arch, spec_text);
  targets::ProvisionedKernel kernel = [&] {
    switch (spec.kind) {
      case SpecKind::kDebian:
        return ProvisionDebianKernel(arch, spec);
      case SpecKind::kSource:
        return ProvisionSourceKernel(arch, spec, build_options);
      case SpecKind::kPath:
        return ProvisionUserKernel(arch, spec);
    }
    throw InfraError("unhandled kernel spec kind");
  }();
  kernel.architecture = std::string(arch.kbuild_arch);
  return kernel;
}

targets::ProvisionedKernel ProvisionBootableKernel(const KernelArch& arch,
                                                   const std::string& spec) {
  auto refuse_unbootable = [&](const fs::path& file) {
    if (std::string why = arch.why_not_bootable(file); !why.empty()) throw InfraError(why);
  };
  const bool path_spec = spec.starts_with("path:");
  std::error_code error;
  if (path_spec || (spec.find(':') == std::string::npos && fs::exists(spec, error))) {
    const fs::path file = path_spec ? spec.substr(5) : spec;
    refuse_unbootable(file);
    targets::ProvisionedKernel kernel = ProvisionKernel(arch, fs::absolute(file).string());
    kernel.spec = spec;
    return kernel;
  }
  targets::ProvisionedKernel kernel = ProvisionKernel(arch, spec);
  refuse_unbootable(kernel.image);
  return kernel;
}

std::string WhyNotKernelSpec(const KernelArch& arch, const std::string& spec) {
  std::error_code error;
  if (spec.starts_with("path:") || fs::exists(spec, error)) return "";
  try {
    ParseKernelSpec(arch, spec);
    return "";
  } catch (const InfraError& e) {
    return e.what();
  }
}

}  // namespace vdsoconf::kernels
