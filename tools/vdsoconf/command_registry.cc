#include "command_registry.h"

#include <map>

namespace vdsoconf::cli {
namespace {

std::map<std::string, Setup>& Registry() {
  static std::map<std::string, Setup> registry;
  return registry;
}

int g_exit_code = 0;

}  // namespace

Registration::Registration(std::string name, Setup setup) {
  Registry().emplace(std::move(name), std::move(setup));
}

void SetUpAll(CLI::App& root) {
  for (auto& [name, setup] : Registry()) setup(root);
}

void SetExitCode(int code) { g_exit_code = code; }
int ExitCodeSet() { return g_exit_code; }

}  // namespace vdsoconf::cli
