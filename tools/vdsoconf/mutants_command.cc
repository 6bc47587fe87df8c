// `vdsoconf mutants ...`: the project's own vDSO mutants (the default target's mutant catalogue,
// vdsoconf/targets/mutant_catalog.h).
//
//   vdsoconf mutants list [--kernel-line 7.2]        LINE<TAB>NAME<TAB>first description line
//   vdsoconf mutants build --kernel-line 7.2 [--out DIR] [--jobs N]
//       NAME<TAB>PATH<TAB>SHA256, first "baseline" (the unpatched image built the same way, the
//       control), then one line per mutant. PATH is in the cache, or DIR/NAME.so with --out.
//
// Results go to stdout, progress to stderr. A patch that no longer applies or no longer changes
// the code, or a failed build, exits 2 with the reason.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli_support.h"
#include "command_registry.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/mutant_catalog.h"
#include "vdsoconf/targets/target.h"

namespace {

namespace fs = std::filesystem;
using vdsoconf::targets::MutantImage;

vdsoconf::targets::MutantCatalog& Mutants() {
  return vdsoconf::targets::DefaultTarget().Mutants();
}

struct MutantsFlags {
  std::string line;
  std::string out;
  int jobs = 0;
};

// The image's path as printed: the cache entry, or a copy in `out`.
fs::path Deliver(const MutantImage& image, const std::string& out) {
  if (out.empty()) return image.path;
  const fs::path copy = fs::path(out) / (image.name + ".so");
  std::error_code ec;
  fs::copy_file(image.path, copy, fs::copy_options::overwrite_existing, ec);
  if (ec)
    throw vdsoconf::InfraError("cannot copy " + image.path.string() + " to " + copy.string() +
                               ": " + ec.message());
  return fs::absolute(copy);
}

void RunBuild(const MutantsFlags& flags) {
  const vdsoconf::targets::MutantImages build = Mutants().Build(flags.line, flags.jobs);
  if (!flags.out.empty()) fs::create_directories(flags.out);
  std::size_t cached = 0;
  for (const auto* image : {&build.baseline}) cached += image->from_cache;
  for (const auto& image : build.mutants) cached += image.from_cache;
  std::cout << "baseline\t" << Deliver(build.baseline, flags.out).string() << "\t"
            << build.baseline.sha256 << "\n";
  for (const auto& image : build.mutants) {
    std::cout << image.name << "\t" << Deliver(image, flags.out).string() << "\t" << image.sha256
              << "\n";
  }
  std::cerr << "vdsoconf: linux-source-" << build.line << " " << build.package_version << ": "
            << build.mutants.size() + 1 << " images (" << cached << " from the cache) in "
            << build.elapsed.count() << " ms\n";
  vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
}

void RunList(const MutantsFlags& flags) {
  const std::vector<std::string> lines =
      flags.line.empty() ? Mutants().Lines() : std::vector<std::string>{flags.line};
  for (const auto& line : lines) {
    for (const auto& mutant : Mutants().MutantsFor(line)) {
      std::cout << mutant.line << "\t" << mutant.name << "\t"
                << mutant.description.substr(0, mutant.description.find('\n')) << "\n";
    }
  }
  vdsoconf::cli::SetExitCode(vdsoconf::kExitPass);
}

const vdsoconf::cli::Registration kRegistration{
    "mutants", [](CLI::App& root) {
      auto flags = std::make_shared<MutantsFlags>();
      auto* command = root.add_subcommand(
          "mutants", "The project's vDSO mutants: kernel patches that checks must catch");
      command->require_subcommand(1);

      auto* build = command->add_subcommand(
          "build", "Build the baseline and every mutant vdso.so of a kernel line (cached)");
      build->add_option("--kernel-line", flags->line, "Kernel line, e.g. 7.2")->required();
      build->add_option("--out", flags->out, "Also copy the images here as NAME.so");
      build->add_option("--jobs", flags->jobs, "make -j (default: online CPUs)")
          ->check(vdsoconf::cli::WholeNumber(1, 256));
      vdsoconf::cli::SetExamples(*build,
                                 {"vdsoconf mutants build --kernel-line 7.2 --out mutants"});
      build->callback([flags] { RunBuild(*flags); });

      auto* list = command->add_subcommand("list", "List the mutants and what each breaks");
      list->add_option("--kernel-line", flags->line, "Only this kernel line");
      vdsoconf::cli::SetExamples(*list, {"vdsoconf mutants list --kernel-line 6.12"});
      list->callback([flags] { RunList(*flags); });
      vdsoconf::cli::SetExamples(
          *command, {"vdsoconf mutants list", "vdsoconf mutants build --kernel-line 7.2"});
    }};

}  // namespace
