// `vdsoconf version`: the program's version and the layout generations its model knows.
#include <iostream>

#include "command_registry.h"
#include "vdsoconf/reference/generation.h"

namespace {

const vdsoconf::cli::Registration kRegistration{"version", [](CLI::App& root) {
  auto* command = root.add_subcommand("version", "Print the version and the modelled generations");
  command->callback([] {
    std::cout << "vdsoconf 0.1.0\nlayout generations:";
    for (auto g : vdsoconf::ref::kAllGenerations) {
      std::cout << " " << vdsoconf::ref::GenerationName(g);
    }
    std::cout << "\n";
  });
}};

}  // namespace
