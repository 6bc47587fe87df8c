// vdsoconf: the one command-line program. Subcommands register themselves in their own files
// (command_registry.h); this file only parses and maps errors to exit codes.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_support.h"
#include "command_registry.h"
#include "usage_errors.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/version.h"

int main(int argc, char** argv) {
  // Named explicitly: CLI11 would otherwise print argv[0] (a build path) in the usage line.
  CLI::App app{"vdsoconf: conformance and fuzzing for Linux vDSO implementations", "vdsoconf"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vdsoconf " + std::string(vdsoconf::kVersion),
                       "Print the version and exit");
  app.failure_message(vdsoconf::cli::UsageErrorMessage);
  vdsoconf::cli::SetInvocation(argc, argv);
  try {
    vdsoconf::cli::SetUpAll(app);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : vdsoconf::kExitUsage;
  } catch (const vdsoconf::InfraError& e) {
    std::cerr << "vdsoconf: " << e.what() << "\n";
    return vdsoconf::kExitInfrastructure;
  } catch (const std::exception& e) {
    // Anything else that escapes a command is still an infrastructure failure with a message,
    // never an abort.
    std::cerr << "vdsoconf: " << e.what() << "\n";
    return vdsoconf::kExitInfrastructure;
  }
  return vdsoconf::cli::ExitCodeSet();
}
