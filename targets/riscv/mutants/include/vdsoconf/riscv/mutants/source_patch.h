// Applying a mutant's patch to a private copy of a source tree, and taking it back out.
//
// GNU patch is the tool (the patches are ordinary unified diffs a person can also apply by
// hand). Every application is a dry run first, so a patch that does not apply (a kernel update
// moved the code) fails with patch's own explanation and leaves the tree untouched, rather than
// half-applied with .rej files. GNU patch writes each result to a new file and renames it over the
// old name, so in a hard-link copy (link_farm.h) the patched file gets its own inode and the
// shared tree it was linked to keeps its content: the suite checks that, and the mutant builder
// re-checks it after every application (RequirePatchedFilesUnlinked).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace vdsoconf::riscv::mutants {

enum class PatchDirection { kApply, kReverse };

// Runs `patch -p1 --dry-run` on `tree` with `patch_text` on stdin, then (when `dry_run_only` is
// false and the dry run succeeded) the same without --dry-run. kReverse passes -R. Patch runs
// with --batch --forward (never asks; an already-applied patch is an error, not reversed),
// --no-backup-if-mismatch and --reject-file=- (no .orig or .rej files in the tree).
// Throws InfraError when `patch` is missing, times out (`timeout` per run), or a run fails; the
// message names `what` (e.g. "mutant seq-retry-removed for linux 7.2"), the tree, the direction,
// and quotes patch's output. On a failed dry run nothing was changed.
void RunPatch(const std::filesystem::path& tree, std::string_view patch_text,
              PatchDirection direction, std::string_view what, bool dry_run_only = false,
              std::chrono::milliseconds timeout = std::chrono::seconds(60));

// True when `patch_text` applies to `tree` in `direction` (a dry run; nothing changes). Throws
// InfraError only when `patch` cannot be run.
bool PatchApplies(const std::filesystem::path& tree, std::string_view patch_text,
                  PatchDirection direction);

// Throws InfraError naming the file unless every file `patch_text` modifies (PatchedFiles) is,
// in `farm`, a different file (inode) from the same path in `shared_tree`. Called after applying
// a patch to a hard-link copy of `shared_tree`: a patched file still linked to the shared tree
// means the shared tree itself was modified.
void RequirePatchedFilesUnlinked(const std::filesystem::path& farm,
                                 const std::filesystem::path& shared_tree,
                                 std::string_view patch_text);

}  // namespace vdsoconf::riscv::mutants
