#include "vdsoconf/riscv/kernels/debian_kernel.h"

#include <unistd.h>

#include <iostream>

#include "vdsoconf/core/cache.h"
#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/deb_archive.h"
#include "vdsoconf/riscv/kernels/kernel_store.h"
#include "vdsoconf/riscv/kernels/private_apt.h"

namespace vdsoconf::riscv::kernels {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "linux-binary-";
constexpr std::string_view kSuffix = "-riscv64";

std::optional<std::string> AbiOf(std::string_view name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix) ||
      name.size() <= kPrefix.size() + kSuffix.size()) {
    return std::nullopt;
  }
  return std::string(name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size()));
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
                                                     std::string_view wanted) {
  std::optional<std::string> best, best_abi;
  for (const auto& name : names) {
    auto abi = AbiOf(name);
    if (!abi || !Selects(wanted, *abi)) continue;
    if (!best_abi || CompareKernelVersions(*abi, *best_abi) > 0) {
      best = name;
      best_abi = abi;
    }
  }
  return best;
}

targets::ProvisionedKernel ProvisionDebianKernel(const KernelSpec& spec) {
  PrivateApt apt = CachedApt(std::string(kDebianKernelSuite));
  apt.EnsureIndex();
  const auto names = apt.Search("^linux-binary-.*-riscv64$");
  const auto chosen = ChooseDebianKernelPackage(names, spec.debian_version);
  if (!chosen) {
    std::string have;
    for (const auto& name : names) have += " " + name;
    throw InfraError("no Debian riscv64 kernel matches '" + spec.text + "' in " +
                     std::string(kDebianKernelSuite) + " of " + apt.suite().mirror +
                     "; the suite has:" + (have.empty() ? " none" : have));
  }
  const auto record = apt.Find(*chosen + ":riscv64");
  if (!record) {
    throw InfraError("package " + *chosen + ":riscv64 is listed but has no usable record in " +
                     apt.state_dir().string());
  }
  const std::string abi = *AbiOf(*chosen);
  const std::string release = abi + std::string(kSuffix);  // uname -r, the modules directory
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
                          {"suite", kDebianKernelSuite},
                          {"mirror", apt.suite().mirror},
                          {"config_source", nullptr}};
  // The config is in the companion linux-base package; without it the kernel is still usable.
  const std::string base = "linux-base-" + abi + "-riscv64";
  if (auto base_record = apt.Find(base + ":riscv64")) {
    const fs::path base_deb = apt.Download(*base_record, work.path / "base");
    ExtractDebFile(base_deb, "usr/lib/modules/" + release + "/config", work.path / "config");
    files.config = work.path / "config";
    metadata["config_source"] = base + " " + base_record->version;
  } else {
    std::cerr << "vdsoconf: " << base << " not in the index; storing the kernel without config\n";
  }
  return StoreKernel(files, metadata, key);
}

}  // namespace vdsoconf::riscv::kernels
