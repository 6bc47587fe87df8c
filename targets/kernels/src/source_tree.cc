#include "vdsoconf/kernels/source_tree.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/deb_archive.h"
#include "vdsoconf/kernels/file_lock.h"
#include "vdsoconf/kernels/private_apt.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

// Debian versions contain ':' and '~'; keep the directory name to portable characters.
std::string PathSafe(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') c = '_';
  }
  return text;
}

// The single top-level directory the tarball unpacked into.
fs::path TreeIn(const fs::path& entry) {
  for (const auto& child : fs::directory_iterator(entry)) {
    if (child.is_directory() && fs::exists(child.path() / "Makefile")) return child.path();
  }
  throw InfraError("cache entry " + entry.string() + " holds no kernel tree (no */Makefile)");
}

}  // namespace

const SourceRelease* FindSourceRelease(const KernelArch& arch, std::string_view line) {
  for (const auto& release : arch.source_releases) {
    if (release.line == line) return &release;
  }
  return nullptr;
}

std::string KnownSourceLines(const KernelArch& arch) {
  std::string lines;
  for (const auto& release : arch.source_releases) {
    lines += (lines.empty() ? "" : ", ") + std::string(release.line);
  }
  return lines;
}

SourceTree ProvisionSourceTree(const KernelArch& arch, std::string_view line) {
  const SourceRelease* release = FindSourceRelease(arch, line);
  if (!release) {
    throw InfraError("no linux-source line '" + std::string(line) +
                     "'; known lines: " + KnownSourceLines(arch));
  }
  const std::string package = "linux-source-" + std::string(release->line);
  PrivateApt apt = CachedApt(std::string(release->suite), std::string(arch.debian_arch));
  apt.EnsureIndex();
  auto record = apt.Find(package);
  if (!record) {
    throw InfraError("package " + package + " is not in suite " + std::string(release->suite) +
                     " of " + apt.suite().mirror + " (private apt index in " +
                     apt.state_dir().string() + ")");
  }
  const fs::path sources = CacheRoot() / "sources";
  const fs::path entry = sources / PathSafe(package + "_" + record->version);
  if (!fs::exists(entry)) {
    FileLock lock(sources / (entry.filename().string() + ".lock"), std::chrono::minutes(20),
                  "unpacking " + package);
    PublishOnce(entry, [&](const fs::path& staging) {
      const fs::path deb = apt.Download(*record, staging / "download");
      std::cerr << "vdsoconf: unpacking " << package << " " << record->version << "\n";
      const auto started = std::chrono::steady_clock::now();
      UnpackTarballFromDeb(deb, "usr/src/" + package + ".tar.xz", staging);
      RemoveTree(staging / "download");
      std::ofstream(staging / "source.json") << nlohmann::json{{"package", package},
                                                               {"version", record->version},
                                                               {"suite", release->suite},
                                                               {"mirror", apt.suite().mirror},
                                                               {"deb_sha256", record->sha256}}
                                                    .dump(2)
                                             << "\n";
      std::cerr << "vdsoconf: unpacked in "
                << std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::steady_clock::now() - started)
                       .count()
                << " s\n";
      TreeIn(staging);  // refuse to publish an entry without a tree
    });
  }
  return SourceTree{std::string(release->line), record->version, fs::absolute(TreeIn(entry))};
}

}  // namespace vdsoconf::kernels
