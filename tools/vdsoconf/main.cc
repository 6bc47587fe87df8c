// vdsoconf: the one command-line program. Subcommands register themselves in their own files.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"vdsoconf: conformance and fuzzing for Linux vDSO implementations"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
