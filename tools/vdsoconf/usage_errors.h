// The one-line message for a command line CLI11 refused, in vdsoconf's words: which subcommand,
// which word was not understood, and the closest valid one ("vdsoconf: unknown subcommand 'rnu'
// (did you mean 'run'?)"), where CLI11 alone says "A subcommand is required".
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace vdsoconf::cli {

// For CLI::App::failure_message on the root app; `root` is the app that parsed.
std::string UsageErrorMessage(const CLI::App* root, const CLI::Error& error);

}  // namespace vdsoconf::cli
