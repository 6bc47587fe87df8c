#include "vdsoconf/riscv/kernels/kernel_spec.h"

#include <algorithm>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/source_tree.h"

namespace vdsoconf::riscv::kernels {
namespace {

constexpr char kForms[] =
    "expected debian:latest, debian:VERSION (e.g. debian:7.2.13+deb14), source:LINE[+VARIANT...] "
    "(e.g. source:6.12+btf, source:6.1+nojumplabel), or a path to an Image containing '/' "
    "(optionally ,build=DIR)";

[[noreturn]] void Reject(std::string_view spec, const std::string& why) {
  throw InfraError("bad kernel spec '" + std::string(spec) + "': " + why + "; " + kForms);
}

std::string KnownLines() {
  std::string lines;
  for (const auto& release : KnownSourceReleases()) {
    lines += (lines.empty() ? "" : ", ") + std::string(release.line);
  }
  return lines;
}

std::string KnownVariants() {
  std::string names;
  for (const auto& variant : KnownSourceVariants()) {
    names += (names.empty() ? "+" : ", +") + std::string(variant.name);
  }
  return names;
}

bool IsDebianVersion(std::string_view version) {
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0]))) return false;
  for (char c : version) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '+' && c != '~' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

KernelSpec ParseSource(std::string_view spec, std::string_view rest) {
  KernelSpec parsed{.kind = SpecKind::kSource, .text = std::string(spec)};
  if (auto plus = rest.find('+'); plus != std::string_view::npos) {
    std::string_view variants = rest.substr(plus + 1);
    rest = rest.substr(0, plus);
    const auto& known = KnownSourceVariants();
    for (size_t start = 0; start <= variants.size();) {
      const size_t end = std::min(variants.find('+', start), variants.size());
      const std::string name(variants.substr(start, end - start));
      if (name.empty()) Reject(spec, "a '+' names no variant");
      if (std::none_of(known.begin(), known.end(), [&](const auto& v) { return v.name == name; })) {
        Reject(spec, "unknown variant '+" + name + "' (known: " + KnownVariants() + ")");
      }
      parsed.variants.push_back(name);
      start = end + 1;
    }
    std::sort(parsed.variants.begin(), parsed.variants.end());
    if (std::adjacent_find(parsed.variants.begin(), parsed.variants.end()) !=
        parsed.variants.end()) {
      Reject(spec, "a variant is named twice");
    }
  }
  if (!FindSourceRelease(rest)) {
    Reject(spec, "no source line '" + std::string(rest) + "' (known: " + KnownLines() + ")");
  }
  parsed.source_line = std::string(rest);
  return parsed;
}

KernelSpec ParsePath(std::string_view spec, std::string_view rest) {
  KernelSpec parsed{.kind = SpecKind::kPath, .text = std::string(spec)};
  constexpr std::string_view kBuild = ",build=";
  if (auto comma = rest.find(kBuild); comma != std::string_view::npos) {
    std::string_view tree = rest.substr(comma + kBuild.size());
    if (tree.empty()) Reject(spec, "',build=' names no directory");
    parsed.build_tree = std::filesystem::path(tree);
    rest = rest.substr(0, comma);
  }
  if (rest.empty()) Reject(spec, "no image path");
  parsed.image = std::filesystem::path(rest);
  return parsed;
}

}  // namespace

std::string KernelSpec::Canonical() const {
  switch (kind) {
    case SpecKind::kDebian:
      return "debian:" + debian_version;
    case SpecKind::kSource: {
      std::string canonical = "source:" + source_line;
      for (const auto& variant : variants) canonical += "+" + variant;
      return canonical;
    }
    case SpecKind::kPath:
      return std::filesystem::absolute(image).lexically_normal().string() +
             (build_tree ? ",build=" + std::filesystem::absolute(*build_tree).string() : "");
  }
  return text;
}

bool KernelSpec::HasVariant(std::string_view name) const {
  return std::find(variants.begin(), variants.end(), name) != variants.end();
}

const std::vector<SourceVariant>& KnownSourceVariants() {
  static const std::vector<SourceVariant> variants{
      {"btf", "DWARF debug info turned into BTF by pahole: /sys/kernel/btf/vmlinux"},
      {"nojumplabel",
       "CONFIG_JUMP_LABEL off, as tinyconfig leaves it: on 6.1 the vDSO's cpu_relax() then reads "
       "a kernel static key through an unrelocated slot and faults"}};
  return variants;
}

KernelSpec ParseKernelSpec(std::string_view spec) {
  if (spec.empty()) Reject(spec, "it is empty");
  if (spec.starts_with("debian:")) {
    std::string_view version = spec.substr(7);
    if (version != "latest" && !IsDebianVersion(version)) {
      Reject(spec, "'" + std::string(version) +
                       "' is not 'latest' or a Debian kernel version (digits first; letters, "
                       "digits and . + ~ - only)");
    }
    return KernelSpec{.kind = SpecKind::kDebian,
                      .text = std::string(spec),
                      .debian_version = std::string(version)};
  }
  if (spec.starts_with("source:")) return ParseSource(spec, spec.substr(7));
  if (spec.starts_with("path:")) return ParsePath(spec, spec.substr(5));
  if (spec.find('/') != std::string_view::npos) return ParsePath(spec, spec);
  Reject(spec, "unknown form");
}

}  // namespace vdsoconf::riscv::kernels
