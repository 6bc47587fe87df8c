#include "vdsoconf/btf/btf_blob.h"

#include <cstring>
#include <fstream>

namespace vdsoconf::btf {
namespace {

constexpr std::size_t kHeaderSize = 24;  // sizeof(struct btf_header)

std::uint32_t U32At(std::span<const std::uint8_t> bytes, std::size_t offset) {
  std::uint32_t value = 0;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%#llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

ref::Result<std::uint64_t> ValidateBtfHeader(std::span<const std::uint8_t> bytes) {
  using R = ref::Result<std::uint64_t>;
  if (bytes.size() < kHeaderSize) {
    return R::Error("BTF blob of " + std::to_string(bytes.size()) +
                    " bytes is shorter than its 24-byte header");
  }
  const std::uint16_t magic = static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
  if (magic != kBtfMagic) return R::Error("BTF magic is " + Hex(magic) + ", not 0xeb9f");
  if (bytes[2] != kBtfVersion) {
    return R::Error("BTF version is " + std::to_string(bytes[2]) + ", not 1");
  }
  const std::uint64_t hdr_len = U32At(bytes, 4);
  const std::uint64_t type_off = U32At(bytes, 8), type_len = U32At(bytes, 12);
  const std::uint64_t str_off = U32At(bytes, 16), str_len = U32At(bytes, 20);
  if (hdr_len < kHeaderSize || hdr_len > bytes.size()) {
    return R::Error("BTF hdr_len " + std::to_string(hdr_len) + " is below 24 or past the " +
                    std::to_string(bytes.size()) + " bytes available");
  }
  const std::uint64_t available = bytes.size() - hdr_len;
  if (type_off + type_len > available || str_off + str_len > available) {
    return R::Error("BTF sections (types " + std::to_string(type_off) + "+" +
                    std::to_string(type_len) + ", strings " + std::to_string(str_off) + "+" +
                    std::to_string(str_len) + ") run past the " + std::to_string(available) +
                    " bytes after the header");
  }
  if (type_off < str_off ? type_off + type_len > str_off : str_off + str_len > type_off) {
    return R::Error("BTF type and string sections overlap");
  }
  if (str_len == 0 || bytes[hdr_len + str_off] != 0) {
    return R::Error("BTF string section is empty or does not start with the empty string");
  }
  return hdr_len + std::max(type_off + type_len, str_off + str_len);
}

std::vector<BtfBlobLocation> FindBtfBlobs(std::span<const std::uint8_t> image) {
  std::vector<BtfBlobLocation> found;
  // The section is 4-byte aligned in every kernel's linker script (the header is u32s).
  for (std::size_t offset = 0; offset + kHeaderSize <= image.size(); offset += 4) {
    if (image[offset] != 0x9f || image[offset + 1] != 0xeb || image[offset + 2] != kBtfVersion) {
      continue;
    }
    auto size = ValidateBtfHeader(image.subspan(offset));
    if (size) found.push_back({offset, size.value()});
  }
  return found;
}

ref::Result<std::vector<std::uint8_t>> ReadWholeFile(const std::filesystem::path& path,
                                                     std::uint64_t max_size) {
  using R = ref::Result<std::vector<std::uint8_t>>;
  std::error_code error;
  const std::uint64_t size = std::filesystem::file_size(path, error);
  if (error) return R::Error("cannot read " + path.string() + ": " + error.message());
  if (size > max_size) {
    return R::Error(path.string() + " has " + std::to_string(size) + " bytes, more than the " +
                    std::to_string(max_size) + " a kernel file may have");
  }
  std::vector<std::uint8_t> bytes(size);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return R::Error("cannot read " + path.string());
  }
  return bytes;
}

std::uint64_t Fnv1a64(std::span<const std::uint8_t> bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace vdsoconf::btf
