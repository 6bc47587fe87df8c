#include "vdsoconf/kernels/debian_kernel.h"

#include <unistd.h>

#include <iostream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/deb_archive.h"
#include "vdsoconf/kernels/kernel_store.h"
#include "vdsoconf/kernels/private_apt.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "linux-binary-";

// "-<flavour>", the end of every kernel package name of the flavour.
std::string SuffixOf(std::string_view flavour) {
  return "-" + std::string(flavour);
}

std::optional<std::string> AbiOf(std::string_view name, std::string_view flavour) {
  const std::string suffix = SuffixOf(flavour);
  if (!name.starts_with(kPrefix) || !name.ends_with(suffix) ||
      name.size() <= kPrefix.size() + suffix.size()) {
    return std::nullopt;
  }
  return std::string(name.substr(kPrefix.size(), name.size() - kPrefix.size() - suffix.size()));
}

bool Selects(std::string_view wanted, std::string_view abi) {
  if (wanted == "latest" || wanted == abi) return true;
  return abi.size() > wanted.size() && abi.starts_with(wanted) &&
         (abi[wanted.size()] == '.' || abi[wanted.size()] == '+');
}

// Removes a temporary directory however the scope is left.
struct TempDir {
  fs::path path;
  ~TempDir() { RemoveTree(path); }
};

}  // namespace

int CompareKernelVersions(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i_end = i, j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      std::string_view x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
      while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (int c = x.compare(y); c != 0) return c < 0 ? -1 : 1;
      i = i_end;
      j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
      ++i;
      ++j;
    }
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

std::optional<std::string> ChooseDebianKernelPackage(const std::vector<std::string>& names,
                                                     std::string_view wanted,
                                                     std::string_view flavour) {
  std::optional<std::string> best, best_abi;
  for (const auto& name : names) {
    auto abi = AbiOf(name, flavour);
    if (!abi || !Selects(wanted, *abi)) continue;
    if (!best_abi || CompareKernelVersions(*abi, *best_abi) > 0) {
      best = name;
      best_abi = abi;
    }
  }
  return best;
}

targets::ProvisionedKernel ProvisionDebianKernel(const KernelArch& arch, const KernelSpec& spec) {
  const std::string suite(arch.debian_kernel_suite);
  const std::string flavour(arch.debian_kernel_flavour);
  const std::string debian_arch(arch.debian_arch);
  PrivateApt apt = CachedApt(suite, debian_arch);
  apt.EnsureIndex();
  const auto names = apt.Search("^linux-binary-.*" + SuffixOf(flavour) + "$");
  const auto chosen = ChooseDebianKernelPackage(names, spec.debian_version, flavour);
  if (!chosen) {
    std::string have;
    for (const auto& name : names) have += " " + name;
    throw InfraError("no Debian " + debian_arch + " kernel matches '" + spec.text + "' in " +
                     suite + " of " + apt.suite().mirror +
                     "; the suite has:" + (have.empty() ? " none" : have));
  }
  const auto record = apt.Find(*chosen + ":" + debian_arch);
  if (!record) {
    throw InfraError("package " + *chosen + ":" + debian_arch +
                     " is listed but has no usable record in " + apt.state_dir().string());
  }
  const std::string abi = *AbiOf(*chosen, flavour);
  const std::string release = abi + SuffixOf(flavour);  // uname -r, the modules directory
  const std::string key = IndexKey("debian-" + abi, record->version + "\n" + record->sha256);
  if (auto cached = FindIndexed(key, spec.text)) return *cached;

  TempDir work{CacheRoot() / "tmp" / ("debian-" + std::to_string(getpid()))};
  RemoveTree(work.path);
  fs::create_directories(work.path);
  const fs::path deb = apt.Download(*record, work.path);
  const std::string vmlinuz = "usr/lib/modules/" + release + "/vmlinuz";
  ExtractDebFile(deb, vmlinuz, work.path / "Image");

  KernelFiles files{.image = work.path / "Image"};
  nlohmann::json metadata{{"spec", spec.text},
                          {"version", release},
                          {"origin", "debian"},
                          {"package", *chosen},
                          {"package_version", record->version},
                          {"package_sha256", record->sha256},
                          {"suite", suite},
                          {"mirror", apt.suite().mirror},
                          {"config_source", nullptr}};
  // The config is in the companion linux-base package; without it the kernel is still usable.
  const std::string base = "linux-base-" + abi + SuffixOf(flavour);
  if (auto base_record = apt.Find(base + ":" + debian_arch)) {
    const fs::path base_deb = apt.Download(*base_record, work.path / "base");
    ExtractDebFile(base_deb, "usr/lib/modules/" + release + "/config", work.path / "config");
    files.config = work.path / "config";
    metadata["config_source"] = base + " " + base_record->version;
  } else {
    std::cerr << "vdsoconf: " << base << " not in the index; storing the kernel without config\n";
  }
  return StoreKernel(arch, files, metadata, key);
}

}  // namespace vdsoconf::kernels
