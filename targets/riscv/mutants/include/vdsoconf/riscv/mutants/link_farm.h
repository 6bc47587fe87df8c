// A private, writable copy of a read-only shared source tree that costs seconds and no space.
//
// `cp -al` recreates the directories and hard-links every file, so the copy shares the file
// contents with the shared tree. It is only safe with tools that replace a file instead of
// writing into it: GNU patch (source_patch.h) and Kbuild with O= (which writes only into the
// build directory). Never open a farm file for writing in place.
#pragma once

#include <chrono>
#include <filesystem>

namespace vdsoconf::riscv::mutants {

// Creates `farm` (which must not exist; its parent is created) as a hard-link copy of `tree`.
// Requires both on one file system. Throws InfraError when `tree` is not a directory, `farm`
// exists, or `cp -al` fails (the message quotes cp, e.g. "Invalid cross-device link"); a
// partial farm is removed.
void MakeLinkFarm(const std::filesystem::path& tree, const std::filesystem::path& farm,
                  std::chrono::milliseconds timeout = std::chrono::minutes(5));

}  // namespace vdsoconf::riscv::mutants
