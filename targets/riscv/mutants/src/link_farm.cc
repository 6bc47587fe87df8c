#include "vdsoconf/riscv/mutants/link_farm.h"

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"

namespace vdsoconf::riscv::mutants {

void MakeLinkFarm(const std::filesystem::path& tree, const std::filesystem::path& farm,
                  std::chrono::milliseconds timeout) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(tree)) {
    throw InfraError("cannot copy the source tree " + tree.string() + ": not a directory");
  }
  if (fs::exists(farm)) {
    throw InfraError("cannot make a hard-link copy at " + farm.string() + ": it already exists");
  }
  fs::create_directories(farm.parent_path());
  // "tree/." copies the contents into farm, which cp creates.
  const SubprocessResult result =
      RunSubprocess({"cp", "-al", (tree / ".").string(), farm.string()}, {.timeout = timeout});
  if (!result.ok()) {
    RemoveTree(farm);
    throw InfraError("cp -al " + tree.string() + " " + farm.string() + " failed (" +
                     result.Describe() +
                     "); the copy must be on the same file system as the tree\n" + result.output);
  }
}

}  // namespace vdsoconf::riscv::mutants
