// Tells the host whether the kernel exposes its BTF and which bytes: the size and FNV-1a 64 hash
// of /sys/kernel/btf/vmlinux. The blob is several MB and the console carries ~240 KB/s, so it is
// never sent: the host finds the same bytes in the Image it booted (the .BTF section is part of
// the loaded image) and proves them equal with this hash (btf/include/vdsoconf/btf/btf_blob.h,
// Fnv1a64: the same algorithm).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "probes.h"

namespace vdsoconf::agent {
namespace {

constexpr const char* kBtfPath = "/sys/kernel/btf/vmlinux";
constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;
// Kernel BTF is a few MB; a file without end (a broken sysfs) must not keep the probe reading.
constexpr std::uint64_t kMaxBytes = 256ull << 20;

}  // namespace

bool ProbeKernelBtf(ProbeContext& context) {
  JsonWriter& data = context.data;
  data.Field("path", kBtfPath);
  const int fd = open(kBtfPath, O_RDONLY | O_CLOEXEC);
  const int open_errno = fd < 0 ? errno : 0;
  data.Field("present", fd >= 0);
  data.Field("open_errno", static_cast<std::int32_t>(open_errno));
  if (fd < 0) return true;  // absent is evidence (no CONFIG_DEBUG_INFO_BTF), not a probe error

  std::uint64_t hash = kFnvOffsetBasis;
  std::uint64_t size = 0;
  int read_errno = 0;
  static unsigned char buffer[64 * 1024];
  while (size <= kMaxBytes) {
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      read_errno = errno;
      break;
    }
    if (got == 0) break;
    for (ssize_t i = 0; i < got; ++i) {
      hash ^= buffer[i];
      hash *= kFnvPrime;
    }
    size += static_cast<std::uint64_t>(got);
  }
  close(fd);
  if (size > kMaxBytes) read_errno = EFBIG;
  data.Field("read_errno", static_cast<std::int32_t>(read_errno));
  data.Field("size", size);
  data.Field("fnv1a64", hash);
  return true;
}

}  // namespace vdsoconf::agent
