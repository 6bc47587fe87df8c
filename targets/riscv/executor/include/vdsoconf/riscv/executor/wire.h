// Little-endian encoding for protocol.h, header-only so the riscv64 executor program and the
// host library share it. Reader never reads past its end: a short or corrupt message sets
// failed() and yields zeros.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace vdsoconf::riscv::wire {

// Appends without zero-filling or per-field vector::insert: under qemu-riscv64 every
// instruction counts, and the executor writes ~15 fields per call.
class Writer {
 public:
  void U32(std::uint32_t v) { Raw(&v, 4); }
  void U64(std::uint64_t v) { Raw(&v, 8); }
  void I32(std::int32_t v) { Raw(&v, 4); }
  void Bytes(std::span<const std::uint8_t> bytes) { Raw(bytes.data(), bytes.size()); }
  void Raw(const void* data, std::size_t size) {
    if (size_ + size > capacity_) Grow(size_ + size);
    std::memcpy(buffer_.get() + size_, data, size);  // little-endian hosts only
    size_ += size;
  }
  // Overwrites the u32 at byte `at`, which must have been written before (a count known only
  // after the items it counts).
  void PatchU32(std::size_t at, std::uint32_t v) {
    if (at + 4 <= size_) std::memcpy(buffer_.get() + at, &v, 4);
  }
  std::span<const std::uint8_t> bytes() const { return {buffer_.get(), size_}; }
  void Clear() { size_ = 0; }

 private:
  void Grow(std::size_t needed) {
    std::size_t capacity = capacity_ == 0 ? 256 : capacity_ * 2;
    while (capacity < needed) capacity *= 2;
    std::unique_ptr<std::uint8_t[]> bigger(new std::uint8_t[capacity]);
    if (size_ != 0) std::memcpy(bigger.get(), buffer_.get(), size_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }
  std::unique_ptr<std::uint8_t[]> buffer_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint32_t U32() { return Get<std::uint32_t>(); }
  std::uint64_t U64() { return Get<std::uint64_t>(); }
  std::int32_t I32() { return Get<std::int32_t>(); }
  // A view of the next `size` bytes (empty and failed() when fewer remain).
  std::span<const std::uint8_t> Bytes(std::uint64_t size) {
    if (failed_ || size > bytes_.size() - at_) {
      failed_ = true;
      return {};
    }
    auto view = bytes_.subspan(at_, static_cast<std::size_t>(size));
    at_ += static_cast<std::size_t>(size);
    return view;
  }
  bool failed() const { return failed_; }
  bool at_end() const { return at_ == bytes_.size(); }

 private:
  template <typename T>
  T Get() {
    T value{};
    auto view = Bytes(sizeof(T));
    if (!view.empty()) std::memcpy(&value, view.data(), sizeof(T));
    return value;
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace vdsoconf::riscv::wire
