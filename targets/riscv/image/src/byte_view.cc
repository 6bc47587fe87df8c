#include "vdsoconf/riscv/image/byte_view.h"

#include <cstring>

namespace vdsoconf::riscv {

void ByteView::Require(std::uint64_t offset, std::uint64_t length, std::string_view what) const {
  if (!Contains(offset, length)) {
    throw ImageFormatError("truncated or corrupt input: " + std::string(what) + " needs " +
                           std::to_string(length) + " bytes at offset " + std::to_string(offset) +
                           " but only " + std::to_string(bytes_.size()) + " bytes are available");
  }
}

ByteView ByteView::Sub(std::uint64_t offset, std::uint64_t length, std::string_view what) const {
  Require(offset, length, what);
  return ByteView(
      bytes_.subspan(static_cast<std::size_t>(offset), static_cast<std::size_t>(length)));
}

std::uint8_t ByteView::U8(std::uint64_t offset, std::string_view what) const {
  Require(offset, 1, what);
  return bytes_[offset];
}

std::uint16_t ByteView::U16(std::uint64_t offset, std::string_view what) const {
  Require(offset, 2, what);
  return static_cast<std::uint16_t>(bytes_[offset] | (bytes_[offset + 1] << 8));
}

std::uint32_t ByteView::U32(std::uint64_t offset, std::string_view what) const {
  Require(offset, 4, what);
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | bytes_[offset + static_cast<unsigned>(i)];
  return value;
}

std::uint64_t ByteView::U64(std::uint64_t offset, std::string_view what) const {
  Require(offset, 8, what);
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes_[offset + static_cast<unsigned>(i)];
  return value;
}

std::string ByteView::CString(std::uint64_t offset, std::string_view what) const {
  Require(offset, 1, what);
  const auto* start = bytes_.data() + offset;
  const auto* end = static_cast<const std::uint8_t*>(
      std::memchr(start, 0, bytes_.size() - static_cast<std::size_t>(offset)));
  if (end == nullptr) {
    throw ImageFormatError("corrupt input: " + std::string(what) + " at offset " +
                           std::to_string(offset) + " is not NUL-terminated");
  }
  return std::string(reinterpret_cast<const char*>(start), static_cast<std::size_t>(end - start));
}

}  // namespace vdsoconf::riscv
