#include "vdsoconf/kernels/kernel_arch.h"

#include <array>

namespace vdsoconf::kernels {

std::span<const SourceRelease> DebianSourceReleases() {
  static constexpr std::array<SourceRelease, 3> kReleases{{
      {"6.1", "bookworm"},
      {"6.12", "bookworm-backports"},
      {"7.2", "sid"},
  }};
  return kReleases;
}

}  // namespace vdsoconf::kernels
