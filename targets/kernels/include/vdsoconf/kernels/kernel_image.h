// Reading kernel image files: the architecture's header check on a file, and the release in the
// Linux banner, which every uncompressed image carries.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "vdsoconf/kernels/kernel_arch.h"

namespace vdsoconf::kernels {

// The release in the kernel's "Linux version <release> (" banner (linux_banner, stored as plain
// text in an uncompressed image), or nullopt when the bytes hold none.
std::optional<std::string> BannerRelease(std::string_view bytes);

// Reads `path` and inspects it with arch.inspect_image. Throws InfraError when it cannot be read
// or is not a bootable image of the architecture.
ImageInfo InspectKernelImageFile(const KernelArch& arch, const std::filesystem::path& path);

}  // namespace vdsoconf::kernels
