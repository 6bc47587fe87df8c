#include "vdsoconf/riscv/kernels/provision.h"

#include <fstream>
#include <sstream>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/riscv/kernels/debian_kernel.h"
#include "vdsoconf/riscv/kernels/image_check.h"
#include "vdsoconf/riscv/kernels/kernel_store.h"

namespace vdsoconf::riscv::kernels {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

targets::ProvisionedKernel ProvisionUserKernel(const KernelSpec& spec) {
  if (!fs::is_regular_file(spec.image)) {
    throw InfraError("kernel image " + spec.image.string() + " does not exist or is not a file");
  }
  const std::string bytes = ReadText(spec.image);
  InspectKernelImage(bytes, spec.image.string());
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
  return StoreKernel(files, metadata, IndexKey("user", Sha256Hex(bytes)));
}

targets::ProvisionedKernel ProvisionKernel(std::string_view spec_text,
                                           const SourceBuildOptions& build_options) {
  const KernelSpec spec = ParseKernelSpec(spec_text);
  switch (spec.kind) {
    case SpecKind::kDebian:
      return ProvisionDebianKernel(spec);
    case SpecKind::kSource:
      return ProvisionSourceKernel(spec, build_options);
    case SpecKind::kPath:
      return ProvisionUserKernel(spec);
  }
  throw InfraError("unhandled kernel spec kind");
}

}  // namespace vdsoconf::riscv::kernels
