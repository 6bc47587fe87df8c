// Kernel specs: the strings users and the suite use to say which kernel to test. The forms are
// the same for every architecture; the lines and variants a source spec may name are the
// architecture's (KernelArch). With a flavour F (KernelArch::debian_kernel_flavour):
//
//   debian:latest         the newest linux-binary-*-F package in the architecture's Debian suite
//   debian:7.2.13+deb14   that exact package (linux-binary-7.2.13+deb14-F)
//   debian:7.2            the newest package whose version starts with "7.2."
//   source:6.12           built from linux-source-6.12 with the minimal config fragment
//   source:6.12+btf       the same plus BTF (/sys/kernel/btf/vmlinux)
//   source:6.1+nojumplabel  a variant of the architecture's (here: 6.1 without CONFIG_JUMP_LABEL)
//   /path/to/Image        a kernel the user built; any spec containing '/' is a path
//   /path/to/Image,build=/path/to/tree   plus its build tree (for .config and vmlinux)
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/kernels/kernel_arch.h"

namespace vdsoconf::kernels {

enum class SpecKind { kDebian, kSource, kPath };

struct KernelSpec {
  SpecKind kind = SpecKind::kDebian;
  std::string text;                   // the spec as given
  std::string debian_version;         // kDebian: "latest", "7.2.13+deb14" or a prefix like "7.2"
  std::string source_line;            // kSource: "6.1", "6.12", "7.2"
  std::vector<std::string> variants;  // kSource: "btf", "nojumplabel"; sorted, no repeats
  std::filesystem::path image;        // kPath: the Image/vmlinuz
  std::optional<std::filesystem::path> build_tree;  // kPath: ",build=DIR"

  // "source:6.12+btf" etc.; for kPath the absolute image path (and ",build=").
  std::string Canonical() const;
  // Whether the source build carries the variant `name` ("btf", "nojumplabel").
  bool HasVariant(std::string_view name) const;
};

// Parses `spec`. Throws InfraError (exit code 2: bad input) with a message that quotes the spec
// and shows the accepted forms (arch.spec_forms) when it is empty, has an unknown prefix, names
// a source line or variant the architecture does not have (the message lists the known ones), or
// a malformed Debian version. Does no I/O: whether a path exists is checked when it is
// provisioned.
KernelSpec ParseKernelSpec(const KernelArch& arch, std::string_view spec);

}  // namespace vdsoconf::kernels
