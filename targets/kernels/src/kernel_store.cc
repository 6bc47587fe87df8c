#include "vdsoconf/kernels/kernel_store.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/core/sha256.h"
#include "vdsoconf/kernels/kernel_image.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path KernelsRoot() {
  return CacheRoot() / "kernels";
}
fs::path EntryDir(const std::string& origin, const std::string& sha) {
  return KernelsRoot() / origin / sha;
}

fs::path IndexDir() {
  return KernelsRoot() / "index";
}

std::string Now() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void CopyIfGiven(const fs::path& from, const fs::path& to) {
  if (from.empty()) return;
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) throw InfraError("cannot copy " + from.string() + " into the cache: " + ec.message());
}

void WriteAtomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
    if (!out) throw InfraError("cannot write " + temp.string());
  }
  fs::rename(temp, path);
}

}  // namespace

std::string IndexKey(std::string_view readable, std::string_view material) {
  std::string key(readable);
  for (char& c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') c = '_';
  }
  return key + "-" + Sha256Hex(material).substr(0, 16);
}

targets::ProvisionedKernel StoreKernel(const KernelArch& arch, const KernelFiles& files,
                                       json metadata, const std::string& key) {
  const ImageInfo info = InspectKernelImageFile(arch, files.image);
  const std::string sha = Sha256File(files.image);
  metadata["image_sha256"] = sha;
  metadata["image_size"] = info.file_size;
  metadata["image_header_version"] = std::to_string(info.header_version >> 16) + "." +
                                     std::to_string(info.header_version & 0xffff);
  metadata["efi_stub"] = info.has_efi_stub;
  metadata["provisioned_at"] = Now();
  metadata["files"] = json::object();
  // The entry is addressed by origin and content: the same Image bytes provisioned as a user
  // path and as debian:latest are two entries, because the metadata (package version, config)
  // describes how it was obtained, and the first request must not decide what later ones get.
  const std::string origin = metadata.at("origin").get<std::string>();
  const fs::path entry = PublishOnce(EntryDir(origin, sha), [&](const fs::path& staging) {
    CopyIfGiven(files.image, staging / "Image");
    metadata["files"]["image"] = "Image";
    if (!files.config.empty()) metadata["files"]["config"] = "config";
    if (!files.vmlinux.empty()) metadata["files"]["vmlinux"] = "vmlinux";
    if (!files.build_log.empty()) metadata["files"]["build_log"] = "build.log";
    CopyIfGiven(files.config, staging / "config");
    CopyIfGiven(files.vmlinux, staging / "vmlinux");
    CopyIfGiven(files.build_log, staging / "build.log");
    if (Sha256File(staging / "Image") != sha) {
      throw InfraError("the image changed while being copied into the cache: " +
                       files.image.string());
    }
    std::ofstream(staging / "metadata.json") << metadata.dump(2) << "\n";
  });
  fs::create_directories(IndexDir());
  WriteAtomically(IndexDir() / (key + ".json"),
                  json{{"key", key}, {"origin", origin}, {"sha256", sha}}.dump() + "\n");
  auto kernel = LoadKernel(entry);
  kernel.spec = metadata.value("spec", kernel.spec);
  return kernel;
}

std::optional<targets::ProvisionedKernel> FindIndexed(const std::string& key,
                                                      const std::string& spec) {
  std::ifstream in(IndexDir() / (key + ".json"));
  if (!in) return std::nullopt;
  try {
    const json index = json::parse(in);
    // A record without "origin" predates origin-addressed entries: a miss, so it is redone.
    const fs::path entry =
        EntryDir(index.at("origin").get<std::string>(), index.at("sha256").get<std::string>());
    if (!fs::exists(entry / "metadata.json")) return std::nullopt;
    auto kernel = LoadKernel(entry);
    kernel.spec = spec;
    return kernel;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged index entry is a cache miss, not an error
  }
}

targets::ProvisionedKernel LoadKernel(const fs::path& entry_dir) {
  std::ifstream in(entry_dir / "metadata.json");
  if (!in) throw InfraError("cache entry " + entry_dir.string() + " has no metadata.json");
  try {
    const json metadata = json::parse(in);
    targets::ProvisionedKernel kernel;
    kernel.spec = metadata.at("spec").get<std::string>();
    kernel.version = metadata.at("version").get<std::string>();
    kernel.origin = metadata.at("origin").get<std::string>();
    kernel.image_sha256 = metadata.at("image_sha256").get<std::string>();
    kernel.entry_dir = fs::absolute(entry_dir);
    kernel.image = kernel.entry_dir / "Image";
    kernel.metadata = metadata;
    return kernel;
  } catch (const json::exception& e) {
    throw InfraError("cache entry " + entry_dir.string() +
                     " has malformed metadata.json: " + e.what());
  }
}

std::vector<targets::ProvisionedKernel> ListKernels() {
  std::vector<targets::ProvisionedKernel> kernels;
  std::error_code ec;
  for (const auto& origin_dir : fs::directory_iterator(KernelsRoot(), ec)) {
    if (!origin_dir.is_directory() || origin_dir.path().filename() == "index") continue;
    for (const auto& entry : fs::directory_iterator(origin_dir.path(), ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() != 64 || !entry.is_directory()) continue;  // .staging-*, legacy entries
      try {
        kernels.push_back(LoadKernel(entry.path()));
      } catch (const InfraError&) {
      }
    }
  }
  std::sort(kernels.begin(), kernels.end(), [](const auto& a, const auto& b) {
    return std::tie(a.origin, a.version, a.image_sha256) <
           std::tie(b.origin, b.version, b.image_sha256);
  });
  return kernels;
}

}  // namespace vdsoconf::kernels
