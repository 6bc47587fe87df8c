// Subcommands of `vdsoconf` register themselves here, one file per subcommand, so that adding a
// command never means editing main.cc.
//
//   static const vdsoconf::cli::Registration kRegistration{"kernels", [](CLI::App& app) {
//     auto* kernels = app.add_subcommand("kernels", "Provision kernels");
//     ...
//   }};
//
// A command's callback returns its exit code through SetExitCode (see exit_code.h for the
// meanings); an InfraError escaping a callback is reported by main and exits 2.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace vdsoconf::cli {

using Setup = std::function<void(CLI::App& root)>;

struct Registration {
  Registration(std::string name, Setup setup);
};

// Calls every registered Setup, in name order (so --help lists them stably).
void SetUpAll(CLI::App& root);

// The exit code main returns after the chosen subcommand's callback ran.
void SetExitCode(int code);
int ExitCodeSet();

}  // namespace vdsoconf::cli
