// `vdsoconf version`: the program's version and the layout generations its model knows.
#include <iostream>

#include "cli_support.h"
#include "command_registry.h"
#include "vdsoconf/core/version.h"
#include "vdsoconf/reference/generation.h"

namespace {

const vdsoconf::cli::Registration kRegistration{
    "version", [](CLI::App& root) {
      auto* command =
          root.add_subcommand("version", "Print the version and the modelled generations");
      vdsoconf::cli::SetExamples(*command, {"vdsoconf version"});
      command->callback([] {
        std::cout << "vdsoconf " << vdsoconf::kVersion << "\nlayout generations:";
        for (auto g : vdsoconf::ref::kAllGenerations) {
          std::cout << " " << vdsoconf::ref::GenerationName(g);
        }
        std::cout << "\n";
      });
    }};

}  // namespace
