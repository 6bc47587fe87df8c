#include "vdso_workspace.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/config_fragment.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"
#include "vdsoconf/riscv/mutants/link_farm.h"
#include "vdsoconf/riscv/mutants/source_patch.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;

constexpr char kVdsoObject[] = "arch/riscv/kernel/vdso/vdso.o";
constexpr char kVdsoImage[] = "arch/riscv/kernel/vdso/vdso.so";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

VdsoWorkspace::VdsoWorkspace(fs::path shared_tree, fs::path dir, std::string name,
                             std::string_view fragment, int jobs, std::chrono::minutes step_timeout)
    : shared_tree_(std::move(shared_tree)),
      dir_(std::move(dir)),
      farm_(dir_ / "src"),
      build_(dir_ / "build"),
      name_(std::move(name)),
      jobs_(jobs),
      step_timeout_(step_timeout) {
  RemoveTree(dir_);  // leftovers of an interrupted run (maybe with a patch applied)
  try {
    Configure(fragment);
  } catch (...) {
    RemoveTree(dir_);  // the destructor does not run for a constructor that throws
    throw;
  }
}

void VdsoWorkspace::Configure(std::string_view fragment) {
  fs::create_directories(build_);
  std::cerr << "vdsoconf: [" << name_ << "] hard-link copy of " << shared_tree_.string() << "\n";
  MakeLinkFarm(shared_tree_, farm_);
  const fs::path fragment_file = dir_ / "vdsoconf.config";
  std::ofstream(fragment_file) << fragment;
  Make("make tinyconfig", {"tinyconfig"});
  Run("merge_config.sh", {"bash", (farm_ / "scripts/kconfig/merge_config.sh").string(), "-m", "-O",
                          build_.string(), (build_ / ".config").string(), fragment_file.string()});
  Make("make olddefconfig", {"olddefconfig"});
  try {
    vdsoconf::kernels::VerifyConfig(fragment, ReadText(build_ / ".config"), build_.string(),
                                    kernels::Riscv64Kernels().fragment_dir);
  } catch (const InfraError& e) {
    Fail("config verification", e.what());
  }
}

VdsoWorkspace::~VdsoWorkspace() {
  RemoveTree(dir_);
}

fs::path VdsoWorkspace::BuildVdso(const std::string& step) {
  Make(step, {"-j" + std::to_string(jobs_), kVdsoObject});
  const fs::path image = build_ / kVdsoImage;
  if (!fs::exists(image)) Fail(step + ": make succeeded but left no " + image.string(), "");
  return image;
}

void VdsoWorkspace::Apply(std::string_view patch_text, std::string_view what) {
  RunPatch(farm_, patch_text, PatchDirection::kApply, what);
  RequirePatchedFilesUnlinked(farm_, shared_tree_, patch_text);
}

void VdsoWorkspace::Reverse(std::string_view patch_text, std::string_view what) {
  RunPatch(farm_, patch_text, PatchDirection::kReverse, what);
}

void VdsoWorkspace::Make(const std::string& step, const std::vector<std::string>& targets) {
  // The same ARCH= and CROSS_COMPILE as the target's source kernels are built with.
  const vdsoconf::kernels::KernelArch& arch = kernels::Riscv64Kernels();
  std::vector<std::string> argv{"make",
                                "-C",
                                farm_.string(),
                                "O=" + build_.string(),
                                "ARCH=" + std::string(arch.kbuild_arch),
                                "CROSS_COMPILE=" + std::string(arch.cross_compile)};
  argv.insert(argv.end(), targets.begin(), targets.end());
  Run(step, argv);
}

void VdsoWorkspace::Run(const std::string& step, const std::vector<std::string>& argv) {
  std::cerr << "vdsoconf: [" << name_ << "] " << step << "\n";
  { std::ofstream(Log(), std::ios::app) << "\n### vdsoconf step: " << step << "\n"; }
  // A fixed build identity, as kernels::ProvisionSourceKernel uses, so the same inputs give
  // the same image.
  const auto result = RunSubprocess(argv, {.timeout = step_timeout_,
                                           .working_directory = build_.string(),
                                           .environment = {{"KBUILD_BUILD_USER", "vdsoconf"},
                                                           {"KBUILD_BUILD_HOST", "vdsoconf"},
                                                           {"KBUILD_BUILD_TIMESTAMP", "2026-01-01"},
                                                           {"LC_ALL", "C"}},
                                           .log_file = Log().string()});
  if (!result.ok()) Fail(step + " " + result.Describe(), result.output);
}

void VdsoWorkspace::Fail(const std::string& what, const std::string& tail) const {
  const fs::path saved = CacheRoot() / "logs" / (name_ + ".log");
  std::error_code ec;
  fs::create_directories(saved.parent_path(), ec);
  fs::copy_file(Log(), saved, fs::copy_options::overwrite_existing, ec);
  throw InfraError("building the vDSO mutants (" + name_ + ") failed: " + what +
                   "\nfull log: " + saved.string() + "\n--- last lines ---\n" + tail);
}

}  // namespace vdsoconf::riscv::mutants
