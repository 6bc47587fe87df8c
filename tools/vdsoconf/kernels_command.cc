// `vdsoconf kernels ...`: provisioning kernels and kernel source trees into the cache.
//
//   vdsoconf kernels source 6.12 7.2   one absolute source-tree path per line on stdout
//
// Progress and diagnostics go to stderr, so stdout can be consumed by scripts and tests.
#include <iostream>
#include <string>
#include <vector>

#include "command_registry.h"
#include "vdsoconf/riscv/kernels/source_tree.h"

namespace {

namespace kernels = vdsoconf::riscv::kernels;

void AddSourceCommand(CLI::App& parent) {
  auto* command = parent.add_subcommand(
      "source", "Fetch and unpack linux-source-VERSION into the cache; print each tree's path");
  auto versions = std::make_shared<std::vector<std::string>>();
  command->add_option("VERSION", *versions, "Kernel line: 6.1, 6.12 or 7.2")->required();
  command->callback([versions] {
    for (const auto& version : *versions) {
      std::cout << kernels::ProvisionSourceTree(version).root.string() << "\n" << std::flush;
    }
  });
}

const vdsoconf::cli::Registration kRegistration{
    "kernels", [](CLI::App& root) {
      auto* kernels_app =
          root.add_subcommand("kernels", "Provision kernels and kernel source trees");
      kernels_app->require_subcommand(1);
      AddSourceCommand(*kernels_app);
    }};

}  // namespace
