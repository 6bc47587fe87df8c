// What kernel provisioning needs to know of one architecture, as data.
//
// Provisioning (this folder: the private apt, .deb unpacking, the kernel store, locks, source
// builds, kernel specs) is the same for every architecture; what differs is a handful of names
// and paths, one header format, and the config fragments. An architecture's folder fills one
// KernelArch (targets/<arch>/kernels/) and hands it to every function here; nothing in this
// folder names an architecture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace vdsoconf::kernels {

// A kernel line Debian ships as linux-source-<line>, and the suite that has it.
struct SourceRelease {
  std::string_view line;   // "6.12"
  std::string_view suite;  // "bookworm-backports"
};

// A source-build variant: a config fragment (<fragment_dir>/NAME.config) applied on top of the
// line's own, selected by "+NAME" in the spec. The variant "btf" also needs pahole on the host.
struct SourceVariant {
  std::string_view name;
  std::string_view meaning;
};

// What the architecture's image check read from a kernel image's header.
struct ImageInfo {
  std::uint64_t file_size = 0;
  std::uint64_t text_offset = 0;
  std::uint64_t image_size = 0;      // bytes the kernel occupies in memory
  std::uint32_t header_version = 0;  // major << 16 | minor
  bool has_efi_stub = false;         // starts with "MZ" and has a PE header
  std::uint64_t pe_file_end = 0;     // has_efi_stub: end of the last PE section's raw data
};

struct KernelArch {
  // Kbuild's ARCH= ("riscv", "x86_64"); also ProvisionedKernel::architecture (KCIDB's build
  // architecture).
  std::string_view kbuild_arch;

  // Debian: the architecture apt indexes besides the host's ("riscv64"), and the kernel flavour
  // in the package names linux-binary-<abi>-<flavour> and linux-base-<abi>-<flavour> ("riscv64").
  std::string_view debian_arch;
  std::string_view debian_kernel_flavour;
  std::string_view debian_kernel_suite;  // the suite the prebuilt kernels come from ("sid")

  // Source builds: the toolchain prefix (CROSS_COMPILE=; empty for a native build, which then
  // passes no CROSS_COMPILE at all), the Debian package of <cross_compile>gcc, the make target
  // of the bootable image and where Kbuild writes it (relative to the build directory).
  std::string_view cross_compile;
  std::string_view compiler_package;
  std::string_view image_target;  // "Image", "bzImage"
  std::string_view image_path;    // "arch/riscv/boot/Image"

  // The linux-source lines a source build may name, the variants it may carry (canonical
  // order), and every config fragment by name ("common", a line "6.12", a variant "btf") with
  // its exact text. fragment_dir is where the fragments live in the tree, for messages.
  std::span<const SourceRelease> source_releases;
  std::span<const SourceVariant> source_variants;
  const std::map<std::string, std::string>* fragments = nullptr;
  std::string_view fragment_dir;

  // The accepted spec forms with examples, appended to every refused spec
  // ("expected debian:latest, ...").
  std::string_view spec_forms;

  // Returns the header fields of the kernel image in `bytes` (the whole file); throws
  // InfraError saying what the file is instead when it is not a bootable image of the
  // architecture. `name` is only used in messages. The store runs it on every image it keeps.
  ImageInfo (*inspect_image)(std::string_view bytes, const std::string& name) = nullptr;

  // Why `file` is not a kernel this architecture's machine can boot (the quick check Boot does
  // too, so a wrong file is named the same way wherever it is found), or "" when it is one.
  // Never throws.
  std::string (*why_not_bootable)(const std::filesystem::path& file) = nullptr;
};

// Debian's linux-source lines and the suites that have them: 6.1 (bookworm), 6.12
// (bookworm-backports), 7.2 (sid). An architecture's source_releases is usually this table.
std::span<const SourceRelease> DebianSourceReleases();

}  // namespace vdsoconf::kernels
