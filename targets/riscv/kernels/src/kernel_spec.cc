#include "vdsoconf/riscv/kernels/kernel_spec.h"

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/riscv/kernels/source_tree.h"

namespace vdsoconf::riscv::kernels {
namespace {

constexpr char kForms[] =
    "expected debian:latest, debian:VERSION (e.g. debian:7.2.13+deb14), source:LINE[+btf] "
    "(e.g. source:6.12+btf), or a path to an Image containing '/' (optionally ,build=DIR)";

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
    std::string_view variant = rest.substr(plus + 1);
    if (variant != "btf") {
      Reject(spec, "unknown variant '+" + std::string(variant) + "' (the only one is +btf)");
    }
    parsed.btf = true;
    rest = rest.substr(0, plus);
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
    case SpecKind::kSource:
      return "source:" + source_line + (btf ? "+btf" : "");
    case SpecKind::kPath:
      return std::filesystem::absolute(image).lexically_normal().string() +
             (build_tree ? ",build=" + std::filesystem::absolute(*build_tree).string() : "");
  }
  return text;
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
