// Bounds-checked little-endian reads from untrusted bytes (kernel files, vDSO images).
//
// Every read checks offset + size against the view without overflowing; a read past the end
// throws ImageFormatError naming what was being read. Nothing here ever reads out of bounds, so
// parsers built on it are safe to point a fuzzer at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::riscv {

// Malformed or truncated input. An InfraError, so a command that meets it exits 2.
class ImageFormatError : public InfraError {
 public:
  explicit ImageFormatError(const std::string& message) : InfraError(message) {}
};

class ByteView {
 public:
  ByteView() = default;
  explicit ByteView(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::size_t size() const { return bytes_.size(); }
  std::span<const std::uint8_t> bytes() const { return bytes_; }

  // True when [offset, offset + length) lies inside the view (no overflow).
  bool Contains(std::uint64_t offset, std::uint64_t length) const {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }

  // The sub-view [offset, offset + length). Throws ImageFormatError when it does not fit;
  // `what` names the thing being read for the message.
  ByteView Sub(std::uint64_t offset, std::uint64_t length, std::string_view what) const;

  // Little-endian integers at `offset`. Throw ImageFormatError when out of bounds.
  std::uint8_t U8(std::uint64_t offset, std::string_view what) const;
  std::uint16_t U16(std::uint64_t offset, std::string_view what) const;
  std::uint32_t U32(std::uint64_t offset, std::string_view what) const;
  std::uint64_t U64(std::uint64_t offset, std::string_view what) const;

  // The NUL-terminated string starting at `offset`. Throws when the offset is outside the view
  // or no NUL follows before the end.
  std::string CString(std::uint64_t offset, std::string_view what) const;

 private:
  void Require(std::uint64_t offset, std::uint64_t length, std::string_view what) const;
  std::span<const std::uint8_t> bytes_;
};

}  // namespace vdsoconf::riscv
