#include "vdsoconf/riscv/mutants/mutant_build.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "vdso_workspace.h"
#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/kernels/config_fragment.h"
#include "vdsoconf/kernels/file_lock.h"
#include "vdsoconf/kernels/source_tree.h"
#include "vdsoconf/riscv/kernels/riscv64_kernels.h"
#include "vdsoconf/riscv/mutants/catalog.h"
#include "vdsoconf/riscv/mutants/image_validation.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;

// Bump when the recipe in mutant_build.h changes in a way that changes the images.
constexpr char kRecipeVersion[] = "mutants-recipe-1: tinyconfig+fragment, make vdso.o";
constexpr char kCompiler[] = "riscv64-linux-gnu-gcc";

std::string Short(const std::string& sha) {
  return sha.substr(0, 16);
}

std::string CompilerVersion() {
  const SubprocessResult result =
      RunSubprocess({kCompiler, "--version"}, {.timeout = std::chrono::minutes(1)});
  if (!result.ok()) throw InfraError(std::string(kCompiler) + " --version: " + result.Describe());
  return result.output.substr(0, result.output.find('\n'));
}

// One image to produce: where its cache entry is and what it records.
struct ImagePlan {
  std::string name;
  const Mutant* mutant = nullptr;  // nullptr for the baseline
  fs::path entry;

  fs::path Image() const { return entry / "vdso.so"; }
  bool Cached() const { return fs::exists(Image()); }
};

BuiltImage Describe(const ImagePlan& plan, bool from_cache) {
  return {.name = plan.name,
          .path = plan.Image(),
          .sha256 = Sha256File(plan.Image()),
          .from_cache = from_cache};
}

void RequireValidImage(const std::vector<std::uint8_t>& bytes, const std::string& name,
                       const VdsoWorkspace& workspace) {
  const std::vector<std::string> problems = VdsoImageProblems(bytes);
  if (problems.empty()) return;
  std::string list;
  for (const auto& problem : problems) list += "\n  " + problem;
  workspace.Fail("the " + name + " image is not a valid RISC-V vDSO:" + list, "");
}

void Publish(const ImagePlan& plan, const std::vector<std::uint8_t>& bytes,
             const nlohmann::json& info) {
  PublishOnce(plan.entry, [&](const fs::path& staging) {
    std::ofstream image(staging / "vdso.so", std::ios::binary);
    image.write(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    image.close();  // so a failed write shows before the entry is published
    std::ofstream(staging / "info.json") << info.dump(2) << "\n";
    if (!image) throw InfraError("cannot write " + (staging / "vdso.so").string());
  });
}

int Jobs(const MutantBuildOptions& options) {
  if (options.jobs > 0) return options.jobs;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Builds every plan that is not cached yet, in one workspace.
void BuildMissing(const vdsoconf::kernels::SourceTree& tree, const std::string& fragment,
                  const std::string& label, const std::vector<ImagePlan>& plans,
                  const nlohmann::json& common_info, const MutantBuildOptions& options) {
  VdsoWorkspace workspace(tree.root, CacheRoot() / "mutant-work" / ("linux-" + tree.line), label,
                          fragment, Jobs(options), options.step_timeout);
  // The baseline is always rebuilt: each mutant's code is compared with it.
  const auto baseline = ReadBinaryFile(workspace.BuildVdso("make vdso (baseline)"));
  RequireValidImage(baseline, "baseline", workspace);
  const std::vector<std::uint8_t> baseline_text = TextSection(baseline);
  for (const ImagePlan& plan : plans) {
    nlohmann::json info = common_info;
    info["name"] = plan.name;
    if (plan.mutant == nullptr) {
      if (!plan.Cached()) Publish(plan, baseline, info);
      continue;
    }
    if (plan.Cached()) continue;
    const Mutant& mutant = *plan.mutant;
    const std::string what = "mutant " + mutant.name + " for linux " + tree.line;
    workspace.Apply(mutant.patch, what);
    const auto image = ReadBinaryFile(workspace.BuildVdso("make vdso (" + mutant.name + ")"));
    workspace.Reverse(mutant.patch, what);
    RequireValidImage(image, mutant.name, workspace);
    if (TextSection(image) == baseline_text) {
      workspace.Fail(what +
                         " applies but no longer changes the vDSO's code (.text is identical "
                         "to the baseline's): update targets/riscv/mutants/patches/" +
                         tree.line + "/" + mutant.name + ".patch",
                     "");
    }
    info["patch_sha256"] = Sha256Hex(mutant.patch);
    info["description"] = mutant.description;
    Publish(plan, image, info);
  }
}

}  // namespace

std::vector<std::string> MissingMutantBuildTools() {
  const std::vector<std::pair<std::string, std::string>> needed{
      {"make", "make"},   {"bc", "bc"},        {"flex", "flex"},
      {"bison", "bison"}, {"perl", "perl"},    {"bash", "bash"},
      {"patch", "patch"}, {"cp", "coreutils"}, {kCompiler, "gcc-riscv64-linux-gnu"}};
  std::vector<std::string> missing;
  for (const auto& [program, package] : needed) {
    if (!ProgramExists(program)) missing.push_back(program + " (" + package + ")");
  }
  return missing;
}

MutantBuild BuildMutants(std::string_view line, const MutantBuildOptions& options) {
  const std::vector<Mutant> mutants = MutantsFor(line);
  if (mutants.empty()) {
    std::string lines;
    for (const auto& known : MutantLines()) lines += " " + known;
    throw InfraError("no mutants for kernel line '" + std::string(line) +
                     "'; lines with mutants:" + lines);
  }
  return BuildMutantSet(line, mutants, options);
}

MutantBuild BuildMutantSet(std::string_view line, const std::vector<Mutant>& mutants,
                           const MutantBuildOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::set<std::string> names{"baseline"};
  for (const Mutant& mutant : mutants) {
    if (!names.insert(mutant.name).second) {
      throw InfraError("mutant name '" + mutant.name + "' is used twice (or is 'baseline')");
    }
  }
  if (mutants.empty()) throw InfraError("no mutants to build for linux " + std::string(line));
  if (auto missing = MissingMutantBuildTools(); !missing.empty()) {
    std::string list;
    for (const auto& tool : missing) list += " " + tool;
    throw InfraError("cannot build the vDSO mutants: missing host tools:" + list);
  }
  const auto& arch = kernels::Riscv64Kernels();
  const vdsoconf::kernels::SourceTree tree = vdsoconf::kernels::ProvisionSourceTree(arch, line);
  const std::string fragment = vdsoconf::kernels::ComposeFragment(arch, line);
  const std::string compiler = CompilerVersion();
  const std::string config_key =
      Sha256Hex(std::string(kRecipeVersion) + "\n" + tree.package_version + "\n" + compiler + "\n" +
                fragment);
  const fs::path entries = CacheRoot() / "mutants" / ("linux-" + tree.line);
  std::vector<ImagePlan> plans{{"baseline", nullptr, entries / ("baseline-" + Short(config_key))}};
  for (const Mutant& mutant : mutants) {
    const std::string key = Sha256Hex(config_key + "\n" + mutant.patch);
    plans.push_back({mutant.name, &mutant, entries / (mutant.name + "-" + Short(key))});
  }

  const auto all_cached = [&] {
    return std::all_of(plans.begin(), plans.end(), [](const ImagePlan& p) { return p.Cached(); });
  };
  std::vector<bool> cached_before;
  for (const auto& plan : plans) cached_before.push_back(plan.Cached());
  if (!all_cached()) {
    const std::string label = "mutants-linux-" + tree.line;
    vdsoconf::kernels::FileLock lock(CacheRoot() / "mutants" / (label + ".lock"),
                                     options.lock_timeout,
                                     "the vDSO mutant build for linux " + tree.line);
    if (!all_cached()) {  // another process may have built them while we waited
      BuildMissing(tree, fragment, label, plans,
                   {{"line", tree.line},
                    {"package_version", tree.package_version},
                    {"compiler", compiler},
                    {"recipe", kRecipeVersion},
                    {"fragment_sha256", Sha256Hex(fragment)}},
                   options);
    }
  }

  MutantBuild build{.line = tree.line, .package_version = tree.package_version};
  build.baseline = Describe(plans.front(), cached_before.front());
  for (std::size_t i = 1; i < plans.size(); ++i) {
    build.mutants.push_back(Describe(plans[i], cached_before[i]));
  }
  build.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return build;
}

}  // namespace vdsoconf::riscv::mutants
