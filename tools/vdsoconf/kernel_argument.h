// --kernel means the same in every subcommand: a kernel spec (debian:latest, debian:VERSION,
// source:LINE[+VARIANT], path:FILE) resolved through the same provisioning as `run` and
// `check-image`, or the path of a file (a kernel, or for some commands a vdso.so) used as it is.
#pragma once

#include <filesystem>
#include <string>

namespace vdsoconf::cli {

// The kernel spec forms, said once for every --kernel's help.
#define VDSOCONF_KERNEL_SPEC_FORMS                                                     \
  "debian:latest, debian:VERSION, source:6.1|6.12|7.2[+btf][+nojumplabel], path:FILE " \
  "or a path to an Image"
inline constexpr const char* kKernelSpecHelp = "Kernel spec (" VDSOCONF_KERNEL_SPEC_FORMS ")";
inline constexpr const char* kKernelArgumentHelp =
    "Kernel spec (" VDSOCONF_KERNEL_SPEC_FORMS ") or a file";
inline constexpr const char* kRepeatableKernelSpecHelp =
    "Kernel spec (" VDSOCONF_KERNEL_SPEC_FORMS "); repeatable; default debian:latest";

// The file `kernel` names: an existing file as it is, else the image of the provisioned spec
// (progress on stderr). Throws InfraError (exit 2) when the spec cannot be provisioned and
// CLI::ValidationError (exit 64) when it is neither a file nor a spec.
std::filesystem::path ResolveKernelArgument(const std::string& kernel);

// Throws CLI::ValidationError(flag, why) (exit 64) when `spec` is not a kernel spec's form (no
// I/O): a typo is refused before any provisioning.
void RequireKernelSpec(const std::string& flag, const std::string& spec);

}  // namespace vdsoconf::cli
