#include "vdsoconf/layout_check/kernel_tree.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kernel_shims.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::layout_check {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

ref::Result<std::string> MakeWorkDir(const CheckOptions& options) {
  std::string parent = options.work_parent;
  if (parent.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    parent = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string pattern = parent + "/vdsoconf-layout-check-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return ref::Result<std::string>::Error("cannot create a work directory under " + parent);
  }
  return pattern;
}

// kbuild's LINUXINCLUDE and the -include files of scripts/Makefile.lib, with the arch's flags.
std::vector<std::string> CompileCommand(const ref::KernelHeaderBuild& arch,
                                        const std::string& compiler, const std::string& src,
                                        const std::string& work, const std::string& gcc_include) {
  const std::string arch_dir = "/arch/" + arch.kernel_arch;
  std::vector<std::string> argv = {compiler, "-nostdinc", "-isystem", gcc_include, "-D__KERNEL__"};
  argv.insert(argv.end(), arch.cflags.begin(), arch.cflags.end());
  const std::vector<std::string> rest = {
      "-std=gnu11", "-fno-PIE", "-fno-strict-aliasing", "-O2",
      "-I" + src + arch_dir + "/include",
      "-I" + work + arch_dir + "/include/generated",
      "-I" + src + "/include",
      "-I" + work + "/include",
      "-I" + src + arch_dir + "/include/uapi",
      "-I" + work + arch_dir + "/include/generated/uapi",
      "-I" + src + "/include/uapi",
      "-include", src + "/include/linux/compiler-version.h",
      "-include", src + "/include/linux/kconfig.h",
      "-include", src + "/include/linux/compiler_types.h",
      "-S", work + "/probe.c", "-o", work + "/probe.s"};
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

ref::Result<std::string> RunCompiler(const std::vector<std::string>& argv,
                                     std::chrono::milliseconds timeout) {
  SubprocessOptions options;
  options.timeout = timeout;
  try {
    const SubprocessResult r = RunSubprocess(argv, options);
    if (!r.ok()) {
      return ref::Result<std::string>::Error(argv[0] + " " + r.Describe() + ":\n" + r.output);
    }
    return r.output;
  } catch (const std::exception& e) {
    return ref::Result<std::string>::Error("cannot run " + argv[0] + ": " + e.what());
  }
}

// The probe for `layout`, with the tree's definitions that live outside headers.
ref::Result<std::string> ProbeSource(const ref::ArchModel& arch, const ref::Layout& layout,
                                     const std::string& source_dir) {
  TreeFacts facts = FactsFor(arch, layout);
  const ref::KernelHeaderBuild& build = arch.HeaderBuild();
  const std::string& pages_source = build.vvar_pages_source;
  if (layout.kernel_page_count_symbol == "VVAR_NR_PAGES" && !pages_source.empty()) {
    auto pages = shims::ExtractEnum(source_dir, pages_source, "vvar_pages");
    if (!pages.ok()) return pages;
    facts.extra_source += pages.value();
  }
  if (layout.variant.generation != ref::Generation::kLinux7_2 && !build.vvar_pages_script.empty()) {
    auto pages =
        shims::ExtractScriptPages(source_dir, build.vvar_pages_script, build.vvar_pages_script_base);
    if (!pages.ok()) return pages;
    facts.extra_source += pages.value();
  }
  return GenerateProbeSource(layout, facts);
}

// Sets `compile_failed` when the probe does not compile, so its files are kept for diagnosis.
ref::Result<TreeCheck> CheckInWorkDir(const ref::ArchModel& arch, const ref::Layout& layout,
                                      const std::string& src,
                                      const std::string& work, const CheckOptions& options,
                                      bool& compile_failed) {
  using R = ref::Result<TreeCheck>;
  TreeCheck check;
  check.variant = layout.variant;
  auto version = shims::KernelVersion(src);
  if (!version.ok()) return R::Error(version.error());
  check.kernel_version = version.value();

  auto has_option = shims::TreeHasOverflowProtect(src);
  if (!has_option.ok()) return R::Error(has_option.error());
  if (layout.variant.overflow_protect && !has_option.value()) {
    return R::Error("linux " + check.kernel_version +
                    " has no CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT; cannot check " +
                    ref::LayoutVariantName(layout.variant));
  }
  const ref::KernelHeaderBuild& build = arch.HeaderBuild();
  auto config = shims::ProbeConfig(build, src, layout.variant.overflow_protect);
  if (!config.ok()) return R::Error(config.error());
  auto shimmed = shims::WriteShims(build, src, work, config.value());
  if (!shimmed.ok()) return R::Error(shimmed.error());
  auto source = ProbeSource(arch, layout, src);
  if (!source.ok()) return R::Error(source.error());
  std::ofstream(work + "/probe.c") << source.value();

  const std::string& compiler = options.compiler.empty() ? build.compiler : options.compiler;
  auto gcc_include = RunCompiler({compiler, "-print-file-name=include"}, options.compiler_timeout);
  if (!gcc_include.ok()) return R::Error(gcc_include.error());
  std::string include_dir = gcc_include.value();
  while (!include_dir.empty() && std::isspace(static_cast<unsigned char>(include_dir.back()))) {
    include_dir.pop_back();
  }
  auto compiled = RunCompiler(CompileCommand(build, compiler, src, work, include_dir),
                              options.compiler_timeout);
  if (!compiled.ok()) {
    compile_failed = true;
    return R::Error("the layout probe does not compile against linux " + check.kernel_version +
                    " (" + src + "; probe kept in " + work + "): " + compiled.error());
  }
  auto assembly = shims::ReadFile(work + "/probe.s");
  if (!assembly.ok()) return R::Error(assembly.error());
  auto values = ParseProbeAssembly(assembly.value());
  if (!values.ok()) return R::Error(values.error());

  check.comparison = CompareWithKernel(layout, FactsFor(arch, layout), values.value());
  ++check.comparison.entries_checked;
  const bool model_option = ref::HasOverflowProtectOption(layout.variant.generation);
  if (model_option != has_option.value()) {
    check.comparison.mismatches.push_back(Mismatch{"option GENERIC_VDSO_OVERFLOW_PROTECT", "exists",
                                                   model_option ? 1u : 0u,
                                                   has_option.value() ? 1u : 0u});
  }
  return check;
}

}  // namespace

ref::Result<TreeCheck> CheckLayoutAgainstTree(const ref::ArchModel& arch, const ref::Layout& layout,
                                              const std::string& source_dir,
                                              const CheckOptions& options) {
  if (!fs::exists(source_dir + "/include/vdso/datapage.h")) {
    return ref::Result<TreeCheck>::Error(
        source_dir + " is not a linux-source tree (no include/vdso/datapage.h)");
  }
  const auto start = Clock::now();
  auto work = MakeWorkDir(options);
  if (!work.ok()) return ref::Result<TreeCheck>::Error(work.error());
  bool compile_failed = false;
  auto check = CheckInWorkDir(arch, layout, source_dir, work.value(), options, compile_failed);
  // A failed compile keeps its files (the error names the directory) for diagnosis.
  const bool keep = options.keep_work_dir || compile_failed;
  if (!keep) {
    std::error_code ec;
    fs::remove_all(work.value(), ec);
  }
  if (check.ok()) {
    check.value().elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    if (keep) check.value().work_dir = work.value();
  }
  return check;
}

ref::Result<std::vector<TreeCheck>> CheckGenerationAgainstTree(const ref::ArchModel& arch,
                                                               ref::Generation generation,
                                                               const std::string& source_dir,
                                                               const CheckOptions& options) {
  std::vector<TreeCheck> checks;
  for (ref::LayoutVariant variant : ref::AllLayoutVariants()) {
    if (variant.generation != generation) continue;
    auto layout = arch.FindLayout(variant);
    if (!layout.ok()) return ref::Result<std::vector<TreeCheck>>::Error(layout.error());
    auto check = CheckLayoutAgainstTree(arch, *layout.value(), source_dir, options);
    if (!check.ok()) return ref::Result<std::vector<TreeCheck>>::Error(check.error());
    checks.push_back(std::move(check).value());
  }
  if (checks.empty()) {
    return ref::Result<std::vector<TreeCheck>>::Error("unknown vvar layout generation");
  }
  return checks;
}

}  // namespace vdsoconf::layout_check
