// `vdsoconf kernels ...`: provisioning kernels and kernel source trees into the cache (the default
// target's kernel store, vdsoconf/targets/kernel_store.h).
//
//   vdsoconf kernels source 6.12 7.2        one absolute source-tree path per line
//   vdsoconf kernels fetch debian:latest    SPEC<TAB>VERSION<TAB>IMAGE per kernel
//   vdsoconf kernels build source:6.12+btf  the same, for kernels built from linux-source
//   vdsoconf kernels list [--json]          every kernel in the cache
//
// Results go to stdout, progress and diagnostics to stderr, so scripts and tests can consume
// stdout. With several specs every one is attempted; the exit code is 2 if any failed.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_support.h"
#include "command_registry.h"
#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/targets/kernel_store.h"
#include "vdsoconf/targets/target.h"

namespace {

using vdsoconf::targets::KernelSpecForm;
using vdsoconf::targets::ProvisionedKernel;

vdsoconf::targets::KernelStore& Kernels() {
  return vdsoconf::targets::DefaultTarget().Kernels();
}

void PrintKernel(const ProvisionedKernel& kernel) {
  std::cout << kernel.spec << "\t" << kernel.version << "\t" << kernel.image.string() << "\n"
            << std::flush;
}

nlohmann::json AsJson(const ProvisionedKernel& kernel) {
  nlohmann::json json = kernel.metadata;
  json["spec"] = kernel.spec;
  json["image"] = kernel.image.string();
  json["entry_dir"] = kernel.entry_dir.string();
  json.erase("fragment");  // long; it is in metadata.json for whoever needs it
  return json;
}

// A misspelt spec, or a non-source spec given to `kernels build`, is a usage error (exit 64)
// found before anything is fetched or built, as `run` and `check-image` refuse theirs.
void RequireSpecForms(const std::vector<std::string>& specs, bool only_source) {
  for (const auto& spec : specs) {
    KernelSpecForm form;
    try {
      form = Kernels().ParseSpec(spec);
    } catch (const vdsoconf::InfraError& e) {
      throw CLI::ValidationError("SPEC", e.what());
    }
    if (only_source && form.kind != KernelSpecForm::Kind::kSource) {
      throw CLI::ValidationError("SPEC", "'" + spec +
                                             "' is not a source:LINE spec; `vdsoconf kernels "
                                             "fetch` provisions Debian and user kernels");
    }
  }
}

// Provisions each spec, printing each result as it is ready; failures are reported on stderr
// and turn the exit code into 2 after all specs were tried.
void ProvisionAll(const std::vector<std::string>& specs, bool as_json, int jobs) {
  nlohmann::json results = nlohmann::json::array();
  bool failed = false;
  for (const auto& spec : specs) {
    try {
      auto kernel = Kernels().Provision(spec, {.jobs = jobs});
      if (as_json) {
        results.push_back(AsJson(kernel));
      } else {
        PrintKernel(kernel);
      }
    } catch (const vdsoconf::InfraError& e) {
      std::cerr << "vdsoconf: " << spec << ": " << e.what() << "\n";
      failed = true;
    }
  }
  if (as_json) std::cout << results.dump(2) << "\n";
  vdsoconf::cli::SetExitCode(failed ? vdsoconf::kExitInfrastructure : vdsoconf::kExitPass);
}

struct ProvisionFlags {
  std::vector<std::string> specs;
  bool json = false;
  int jobs = 0;
};

void AddProvisionCommand(CLI::App& parent, const std::string& name, const std::string& help,
                         bool only_source) {
  auto* command = parent.add_subcommand(name, help);
  auto flags = std::make_shared<ProvisionFlags>();
  command
      ->add_option("SPEC", flags->specs,
                   "debian:latest, debian:VERSION, source:LINE[+btf][+nojumplabel] (LINE: 6.1, "
                   "6.12, 7.2), or "
                   "a path to an Image[,build=DIR]")
      ->required();
  command->add_flag("--json", flags->json, "Print the kernels' metadata as a JSON array");
  command->add_option("-j,--jobs", flags->jobs, "make -j for source builds (default: all CPUs)")
      ->check(vdsoconf::cli::WholeNumber(0, 1024));
  vdsoconf::cli::SetExamples(
      *command, only_source ? std::vector<std::string>{"vdsoconf kernels build source:6.12+btf",
                                                       "vdsoconf kernels build source:7.2 --jobs 2"}
                            : std::vector<std::string>{"vdsoconf kernels fetch debian:latest",
                                                       "vdsoconf kernels fetch debian:latest "
                                                       "source:6.12 /path/to/Image --json"});
  command->callback([flags, only_source] {
    RequireSpecForms(flags->specs, only_source);
    ProvisionAll(flags->specs, flags->json, flags->jobs);
  });
}

void AddListCommand(CLI::App& parent) {
  auto* command = parent.add_subcommand("list", "List the kernels in the cache");
  auto as_json = std::make_shared<bool>(false);
  command->add_flag("--json", *as_json, "Print the kernels' metadata as a JSON array");
  vdsoconf::cli::SetExamples(*command, {"vdsoconf kernels list", "vdsoconf kernels list --json"});
  command->callback([as_json] {
    const auto all = Kernels().List();
    if (*as_json) {
      nlohmann::json results = nlohmann::json::array();
      for (const auto& kernel : all) results.push_back(AsJson(kernel));
      std::cout << results.dump(2) << "\n";
      return;
    }
    std::cerr << "cache: " << vdsoconf::CacheRoot().string() << "\n";
    std::cout << "ORIGIN\tVERSION\tSHA256\tSPEC\tIMAGE\n";
    for (const auto& kernel : all) {
      std::cout << kernel.origin << "\t" << kernel.version << "\t"
                << kernel.image_sha256.substr(0, 12) << "\t" << kernel.spec << "\t"
                << kernel.image.string() << "\n";
    }
  });
}

void AddSourceCommand(CLI::App& parent) {
  auto* command = parent.add_subcommand(
      "source", "Fetch and unpack linux-source-VERSION into the cache; print each tree's path");
  auto versions = std::make_shared<std::vector<std::string>>();
  command->add_option("VERSION", *versions, "Kernel line: 6.1, 6.12 or 7.2")->required();
  vdsoconf::cli::SetExamples(*command, {"vdsoconf kernels source 6.12 7.2"});
  command->callback([versions] {
    for (const auto& version : *versions) {
      std::cout << Kernels().SourceTree(version).string() << "\n" << std::flush;
    }
  });
}

const vdsoconf::cli::Registration kRegistration{
    "kernels", [](CLI::App& root) {
      auto* kernels_app =
          root.add_subcommand("kernels", "Provision kernels and kernel source trees");
      kernels_app->require_subcommand(1);
      AddListCommand(*kernels_app);
      AddProvisionCommand(*kernels_app, "fetch",
                          "Provision kernels into the cache (Debian packages, user Images; source "
                          "specs are built); print SPEC, VERSION and IMAGE path per kernel",
                          false);
      AddProvisionCommand(
          *kernels_app, "build",
          "Build source:LINE[+VARIANT] kernels into the cache (cached builds are reused)", true);
      AddSourceCommand(*kernels_app);
      vdsoconf::cli::SetExamples(*kernels_app, {"vdsoconf kernels fetch debian:latest source:6.12",
                                                "vdsoconf kernels list"});
    }};

}  // namespace
