#include "vdsoconf/riscv/mutants/source_patch.h"

#include <sys/stat.h>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/subprocess.h"
#include "vdsoconf/riscv/mutants/catalog.h"

namespace vdsoconf::riscv::mutants {
namespace {

namespace fs = std::filesystem;

SubprocessResult Patch(const fs::path& tree, std::string_view patch_text, PatchDirection direction,
                       bool dry_run, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{
      "patch",           "-p1", "--batch",    "--forward", "--no-backup-if-mismatch",
      "--reject-file=-", "-d",  tree.string()};
  if (direction == PatchDirection::kReverse) argv.push_back("-R");
  if (dry_run) argv.push_back("--dry-run");
  return RunSubprocess(argv, {.timeout = timeout, .standard_input = std::string(patch_text)});
}

const char* DirectionName(PatchDirection direction) {
  return direction == PatchDirection::kApply ? "applying" : "reversing";
}

}  // namespace

void RunPatch(const fs::path& tree, std::string_view patch_text, PatchDirection direction,
              std::string_view what, bool dry_run_only, std::chrono::milliseconds timeout) {
  const auto fail = [&](const std::string& step, const SubprocessResult& result) {
    throw InfraError(std::string(DirectionName(direction)) + " " + std::string(what) + " in " +
                     tree.string() + ": " + step + " " + result.Describe() +
                     (step == "patch --dry-run" ? " (the tree was not changed)" : "") +
                     "\n--- patch says ---\n" + result.output);
  };
  if (!ProgramExists("patch")) {
    throw InfraError("the program 'patch' is missing (Debian package patch); it applies " +
                     std::string(what));
  }
  const SubprocessResult dry = Patch(tree, patch_text, direction, true, timeout);
  if (!dry.ok()) fail("patch --dry-run", dry);
  if (dry_run_only) return;
  const SubprocessResult real = Patch(tree, patch_text, direction, false, timeout);
  if (!real.ok()) fail("patch", real);
}

bool PatchApplies(const fs::path& tree, std::string_view patch_text, PatchDirection direction) {
  if (!ProgramExists("patch")) throw InfraError("the program 'patch' is missing (package patch)");
  return Patch(tree, patch_text, direction, true, std::chrono::seconds(60)).ok();
}

void RequirePatchedFilesUnlinked(const fs::path& farm, const fs::path& shared_tree,
                                 std::string_view patch_text) {
  for (const std::string& file : PatchedFiles(patch_text)) {
    std::error_code ec;
    const bool same = fs::equivalent(farm / file, shared_tree / file, ec);
    if (ec || same) {
      throw InfraError("after patching " + (farm / file).string() +
                       (ec ? " it cannot be compared with the shared tree (" + ec.message() + ")"
                           : " it is still the same file as " + (shared_tree / file).string() +
                                 ": the shared source tree was modified; delete it from the "
                                 "cache so it is unpacked again"));
    }
  }
}

}  // namespace vdsoconf::riscv::mutants
