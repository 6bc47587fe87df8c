// The agent exec'd by itself with kDiffMatrixArgument (the "timens_exec" context of vdso.diff)
// runs only the differential matrix, writes its JSON object to stdout and exits.
//
// This is a constructor rather than a branch in main() so that the probe owns its whole
// mechanism; glibc passes argc/argv to .init_array functions, static binaries included. It runs
// before main() and before nothing of the agent has started, which is what an exec'd matrix
// wants: the fresh process, its fresh vDSO mapping, nothing else.
#include <unistd.h>

#include <cstring>
#include <string>

#include "diff_contexts.h"
#include "diff_matrix.h"
#include "json_writer.h"

namespace vdsoconf::agent {
namespace {

__attribute__((constructor)) void RunDiffMatrixWhenAsked(int argc, char** argv, char**) {
  if (argc != 2 || argv == nullptr || argv[1] == nullptr ||
      std::strcmp(argv[1], kDiffMatrixArgument) != 0) {
    return;
  }
  VdsoFunctions functions;
  std::string error;
  if (!ResolveCurrentVdsoFunctions(functions, error)) _exit(2);
  static DiffMatrix matrix;
  RunDiffMatrix(functions, matrix);
  JsonWriter json;
  json.BeginObject();
  WriteDiffMatrix(json, matrix);
  json.EndObject();
  const std::string& text = json.text();
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) _exit(3);
    done += static_cast<std::size_t>(n);
  }
  _exit(0);
}

}  // namespace
}  // namespace vdsoconf::agent
