#include "vdsoconf/kernels/kernel_image.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {

std::optional<std::string> BannerRelease(std::string_view bytes) {
  constexpr std::string_view kBanner = "Linux version ";
  for (auto at = bytes.find(kBanner); at != std::string_view::npos;
       at = bytes.find(kBanner, at + 1)) {
    const auto start = at + kBanner.size();
    const auto end = bytes.find(' ', start);
    if (end == std::string_view::npos || end == start || end - start > 64) continue;
    // The real banner continues " (user@host)"; format strings ("%s") do not qualify.
    if (bytes.substr(end, 2) != " (") continue;
    std::string_view release = bytes.substr(start, end - start);
    if (std::isdigit(static_cast<unsigned char>(release[0]))) return std::string(release);
  }
  return std::nullopt;
}

ImageInfo InspectKernelImageFile(const KernelArch& arch, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InfraError("cannot read kernel image " + path.string());
  std::stringstream bytes;
  bytes << in.rdbuf();
  return arch.inspect_image(bytes.str(), path.string());
}

}  // namespace vdsoconf::kernels
