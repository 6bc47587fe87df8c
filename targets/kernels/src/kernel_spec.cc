#include "vdsoconf/kernels/kernel_spec.h"

#include <algorithm>

#include "vdsoconf/core/exit_code.h"
#include "vdsoconf/kernels/source_tree.h"

namespace vdsoconf::kernels {
namespace {

// The spec being parsed and the architecture whose forms, lines and variants it may use.
struct Parsing {
  const KernelArch& arch;
  std::string_view spec;

  [[noreturn]] void Reject(const std::string& why) const {
    throw InfraError("bad kernel spec '" + std::string(spec) + "': " + why + "; " +
                     std::string(arch.spec_forms));
  }
};

std::string KnownVariants(const KernelArch& arch) {
  std::string names;
  for (const auto& variant : arch.source_variants) {
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

KernelSpec ParseSource(const Parsing& parsing, std::string_view rest) {
  KernelSpec parsed{.kind = SpecKind::kSource, .text = std::string(parsing.spec)};
  if (auto plus = rest.find('+'); plus != std::string_view::npos) {
    std::string_view variants = rest.substr(plus + 1);
    rest = rest.substr(0, plus);
    const auto& known = parsing.arch.source_variants;
    for (size_t start = 0; start <= variants.size();) {
      const size_t end = std::min(variants.find('+', start), variants.size());
      const std::string name(variants.substr(start, end - start));
      if (name.empty()) parsing.Reject("a '+' names no variant");
      if (std::none_of(known.begin(), known.end(), [&](const auto& v) { return v.name == name; })) {
        parsing.Reject("unknown variant '+" + name + "' (known: " + KnownVariants(parsing.arch) +
                       ")");
      }
      parsed.variants.push_back(name);
      start = end + 1;
    }
    std::sort(parsed.variants.begin(), parsed.variants.end());
    if (std::adjacent_find(parsed.variants.begin(), parsed.variants.end()) !=
        parsed.variants.end()) {
      parsing.Reject("a variant is named twice");
    }
  }
  if (!FindSourceRelease(parsing.arch, rest)) {
    parsing.Reject("no source line '" + std::string(rest) +
                   "' (known: " + KnownSourceLines(parsing.arch) + ")");
  }
  parsed.source_line = std::string(rest);
  return parsed;
}

KernelSpec ParsePath(const Parsing& parsing, std::string_view rest) {
  KernelSpec parsed{.kind = SpecKind::kPath, .text = std::string(parsing.spec)};
  constexpr std::string_view kBuild = ",build=";
  if (auto comma = rest.find(kBuild); comma != std::string_view::npos) {
    std::string_view tree = rest.substr(comma + kBuild.size());
    if (tree.empty()) parsing.Reject("',build=' names no directory");
    parsed.build_tree = std::filesystem::path(tree);
    rest = rest.substr(0, comma);
  }
  if (rest.empty()) parsing.Reject("no image path");
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

KernelSpec ParseKernelSpec(const KernelArch& arch, std::string_view spec) {
  const Parsing parsing{arch, spec};
  if (spec.empty()) parsing.Reject("it is empty");
  if (spec.starts_with("debian:")) {
    std::string_view version = spec.substr(7);
    if (version != "latest" && !IsDebianVersion(version)) {
      parsing.Reject("'" + std::string(version) +
                     "' is not 'latest' or a Debian kernel version (digits first; letters, "
                     "digits and . + ~ - only)");
    }
    return KernelSpec{.kind = SpecKind::kDebian,
                      .text = std::string(spec),
                      .debian_version = std::string(version)};
  }
  if (spec.starts_with("source:")) return ParseSource(parsing, spec.substr(7));
  if (spec.starts_with("path:")) return ParsePath(parsing, spec.substr(5));
  if (spec.find('/') != std::string_view::npos) return ParsePath(parsing, spec);
  parsing.Reject("unknown form");
}

}  // namespace vdsoconf::kernels
