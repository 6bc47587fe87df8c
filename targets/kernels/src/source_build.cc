#include "vdsoconf/kernels/source_build.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/config_fragment.h"
#include "vdsoconf/kernels/file_lock.h"
#include "vdsoconf/kernels/kernel_store.h"
#include "vdsoconf/kernels/source_tree.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;
using std::chrono::minutes;

constexpr std::uintmax_t kMaxVmlinux = std::uintmax_t{1} << 30;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string FirstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// The compiler Kbuild will call: "<cross_compile>gcc", or "gcc" for a native build.
std::string Compiler(const KernelArch& arch) {
  return std::string(arch.cross_compile) + "gcc";
}

// One build: the directories and the log every step appends to.
class Build {
 public:
  Build(const KernelArch& arch, fs::path tree, fs::path dir, std::string key)
      : arch_(arch), tree_(std::move(tree)), dir_(std::move(dir)), key_(std::move(key)) {}

  const fs::path& dir() const { return dir_; }
  fs::path log() const { return dir_ / "build.log"; }

  // Runs make in the build directory with `targets`. Throws InfraError naming `step`.
  SubprocessResult Make(const std::string& step, std::vector<std::string> targets,
                        minutes timeout) const {
    std::vector<std::string> argv{"make", "-C", tree_.string(), "O=" + dir_.string(),
                                  "ARCH=" + std::string(arch_.kbuild_arch)};
    if (!arch_.cross_compile.empty()) {
      argv.push_back("CROSS_COMPILE=" + std::string(arch_.cross_compile));
    }
    argv.insert(argv.end(), targets.begin(), targets.end());
    return Run(step, argv, timeout);
  }

  SubprocessResult Run(const std::string& step, const std::vector<std::string>& argv,
                       minutes timeout) const {
    std::cerr << "vdsoconf: [" << key_ << "] " << step << "\n";
    { std::ofstream(log(), std::ios::app) << "\n### vdsoconf step: " << step << "\n"; }
    auto result = RunSubprocess(argv, {.timeout = timeout,
                                       .working_directory = dir_.string(),
                                       .environment = Environment(),
                                       .log_file = log().string()});
    if (!result.ok()) Fail(step + " " + result.Describe(), result.output);
    return result;
  }

  [[noreturn]] void Fail(const std::string& what, const std::string& tail) const {
    const fs::path saved = CacheRoot() / "logs" / (key_ + ".log");
    std::error_code ec;
    fs::create_directories(saved.parent_path(), ec);
    fs::copy_file(log(), saved, fs::copy_options::overwrite_existing, ec);
    throw InfraError("building " + key_ + " failed: " + what + "\nfull log: " + saved.string() +
                     "\n--- last lines ---\n" + tail);
  }

 private:
  // Fixed build identity, so rebuilding the same inputs gives the same banner.
  static std::map<std::string, std::string> Environment() {
    return {{"KBUILD_BUILD_USER", "vdsoconf"},
            {"KBUILD_BUILD_HOST", "vdsoconf"},
            {"KBUILD_BUILD_TIMESTAMP", "2026-01-01"},
            {"LC_ALL", "C"}};
  }

  const KernelArch& arch_;
  fs::path tree_;
  fs::path dir_;
  std::string key_;
};

std::string ToolVersion(const std::vector<std::string>& argv) {
  auto result = RunSubprocess(argv, {.timeout = minutes(1)});
  return result.ok() ? FirstLine(result.output) : "unknown";
}

int Jobs(const SourceBuildOptions& options) {
  if (options.jobs > 0) return options.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::vector<std::string> MissingBuildTools(const KernelArch& arch, const KernelSpec& spec) {
  std::vector<std::pair<std::string, std::string>> needed{
      {"make", "make"},
      {"bc", "bc"},
      {"flex", "flex"},
      {"bison", "bison"},
      {"perl", "perl"},
      {"bash", "bash"},
      {Compiler(arch), std::string(arch.compiler_package)}};
  if (spec.HasVariant("btf")) needed.emplace_back("pahole", "dwarves");
  std::vector<std::string> missing;
  for (const auto& [program, package] : needed) {
    if (!ProgramExists(program)) missing.push_back(program + " (" + package + ")");
  }
  return missing;
}

targets::ProvisionedKernel ProvisionSourceKernel(const KernelArch& arch, const KernelSpec& spec,
                                                 const SourceBuildOptions& options) {
  const SourceTree tree = ProvisionSourceTree(arch, spec.source_line);
  std::string variant;  // the variants joined with '+' ("btf", "btf+nojumplabel"), or "minimal"
  for (const auto& name : spec.variants) variant += (variant.empty() ? "" : "+") + name;
  // The readable part of the cache key, as before variants were a list: "source-6.12+btf".
  const std::string readable =
      "source-" + spec.source_line + (variant.empty() ? "" : "+" + variant);
  if (variant.empty()) variant = "minimal";
  const std::string fragment = ComposeFragment(arch, spec.source_line, spec.variants);
  const std::string key =
      IndexKey(readable, tree.package_version + "\n" + variant + "\n" + fragment);
  if (auto cached = FindIndexed(key, spec.text)) return *cached;

  if (auto missing = MissingBuildTools(arch, spec); !missing.empty()) {
    std::string list;
    for (const auto& tool : missing) list += " " + tool;
    throw InfraError("cannot build " + spec.text + ": missing host tools:" + list +
                     " (scripts/setup.sh installs them)");
  }
  const fs::path builds = CacheRoot() / "builds";
  FileLock lock(builds / (key + ".lock"), minutes(60), "the build of " + spec.text);
  if (auto cached = FindIndexed(key, spec.text)) return *cached;  // built while we waited

  Build build(arch, tree.root, builds / key, key);
  RemoveTree(build.dir());  // leftovers of an interrupted build are never trusted
  fs::create_directories(build.dir());
  struct Cleanup {
    fs::path dir;
    ~Cleanup() { RemoveTree(dir); }
  } cleanup{build.dir()};

  const auto started = std::chrono::steady_clock::now();
  const fs::path fragment_file = build.dir() / "vdsoconf.config";
  std::ofstream(fragment_file) << fragment;
  build.Make("make tinyconfig", {"tinyconfig"}, minutes(5));
  build.Run("merge_config.sh",
            {"bash", (tree.root / "scripts/kconfig/merge_config.sh").string(), "-m", "-O",
             build.dir().string(), (build.dir() / ".config").string(), fragment_file.string()},
            minutes(2));
  build.Make("make olddefconfig", {"olddefconfig"}, minutes(5));
  try {
    VerifyConfig(fragment, ReadText(build.dir() / ".config"), build.dir().string(),
                 arch.fragment_dir);
  } catch (const InfraError& e) {
    build.Fail("config verification", e.what());
  }
  const int jobs = Jobs(options);
  const std::string image_target(arch.image_target);
  build.Make("make -j" + std::to_string(jobs) + " " + image_target,
             {"-j" + std::to_string(jobs), image_target}, options.build_timeout);
  // Kbuild writes the exact release (what uname -r will say) here during the build.
  std::string kernelrelease = FirstLine(ReadText(build.dir() / "include/config/kernel.release"));
  if (kernelrelease.empty()) build.Fail("no include/config/kernel.release after the build", "");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "vdsoconf: [" << key << "] built " << kernelrelease << " in "
            << static_cast<int>(seconds) << " s\n";

  KernelFiles files{.image = build.dir() / arch.image_path,
                    .config = build.dir() / ".config",
                    .build_log = build.log()};
  const fs::path vmlinux = build.dir() / "vmlinux";
  std::error_code ec;
  if (options.keep_vmlinux && fs::exists(vmlinux) && fs::file_size(vmlinux, ec) < kMaxVmlinux) {
    files.vmlinux = vmlinux;
  }
  nlohmann::json metadata{
      {"spec", spec.text},
      {"version", kernelrelease},
      {"origin", "source"},
      {"package", "linux-source-" + spec.source_line},
      {"package_version", tree.package_version},
      {"source_tree", tree.root.string()},
      {"variant", variant},
      {"fragment", fragment},
      {"fragment_sha256", Sha256Hex(fragment)},
      {"compiler", ToolVersion({Compiler(arch), "--version"})},
      {"pahole", spec.HasVariant("btf") ? ToolVersion({"pahole", "--version"}) : ""},
      {"jobs", jobs},
      {"build_seconds", static_cast<int>(seconds)},
      {"key", key}};
  return StoreKernel(arch, files, metadata, key);
}

}  // namespace vdsoconf::kernels
