#include "vdsoconf/fuzz/model_input.h"

#include "model_wire.h"

// clang's header is not ours to keep -Wconversion-clean.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#include VDSOCONF_FUZZED_DATA_PROVIDER_H
#pragma GCC diagnostic pop

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

namespace vdsoconf::fuzz {
namespace {

using wire::Visit;
using wire::WidthOf;

// Reads exactly what FuzzedDataProvider would (suites/fuzz checks this against it on random
// buffers), without its generic byte loop: an integral of width w taken from the end is the
// little-endian value of the last min(w, remaining) bytes; then FuzzedDataProvider's modulo for
// ranges narrower than 2^64. The model fuzzer and its mutators decode every input, so this is
// their hot path: every member is always_inline, and the whole decode is flattened into
// ReadModelInput, so that field widths and (for kWhole) field offsets are constants.
//
// kWhole: the buffer holds at least kModelInputBytes, so every field is read in full from a
// fixed offset (what the custom mutators always produce). Otherwise a field may be cut short.
template <bool kWhole>
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : data_(bytes.data()), left_(bytes.size()) {
    if constexpr (kWhole) {
      // Only the last kModelInputBytes are read; a constant left_ folds every offset.
      data_ += bytes.size() - kModelInputBytes;
      left_ = kModelInputBytes;
    }
  }
  template <typename T>
  [[gnu::always_inline]] void Integral(T& v) {
    Range(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  }
  template <typename T>
  [[gnu::always_inline]] void Range(T& v, T min, T max) {
    const std::uint64_t range = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    std::uint64_t result = Take(WidthOf(range));
    if (range != std::numeric_limits<std::uint64_t>::max()) result %= range + 1;
    v = static_cast<T>(static_cast<std::uint64_t>(min) + result);
  }
  [[gnu::always_inline]] void Bool(bool& v) { v = (Take(1) & 1) != 0; }
  template <typename E>
  [[gnu::always_inline]] void Enum(E& v) {
    std::uint32_t raw = 0;
    Range(raw, std::uint32_t{0}, static_cast<std::uint32_t>(E::kMaxValue));
    v = static_cast<E>(raw);
  }
  template <typename T>
  [[gnu::always_inline]] void Pick(T& v, std::span<const T> choices) {
    std::size_t index = 0;
    Range(index, std::size_t{0}, choices.size() - 1);
    v = choices[index];
  }

 private:
  // The field is data_[left_, left_ + n) after the update. A variable-length memcpy was a third
  // of the model fuzzer's time under ASan (an out-of-line, range-checked call per field), so
  // fields with 8 bytes before their end are one fixed 8-byte load ending at the field, whose top
  // n bytes are the field (x86_64 and RISC-V hosts are little-endian); only the first few bytes
  // of the buffer, read last, take the byte loop.
  [[gnu::always_inline]] std::uint64_t Take(std::size_t width) {
    static_assert(std::endian::native == std::endian::little);
    const std::size_t n = kWhole ? width : std::min(width, left_);
    left_ -= n;
    if (n == 0) return 0;
    const std::size_t end = left_ + n;
    if (end >= 8) {
      std::uint64_t word;
      std::memcpy(&word, data_ + end - 8, 8);
      return n == 8 ? word : word >> (8 * (8 - n));
    }
    std::uint64_t value = 0;
    for (std::size_t i = end; i-- > left_;) value = (value << 8) | data_[i];
    return value;
  }
  const std::uint8_t* data_;
  std::size_t left_;
};

// A reader on FuzzedDataProvider itself: the definition the fast Reader must match.
class ProviderReader {
 public:
  explicit ProviderReader(std::span<const std::uint8_t> bytes) : fdp_(bytes.data(), bytes.size()) {}
  template <typename T>
  void Integral(T& v) {
    v = fdp_.ConsumeIntegral<T>();
  }
  template <typename T>
  void Range(T& v, T min, T max) {
    v = fdp_.ConsumeIntegralInRange<T>(min, max);
  }
  void Bool(bool& v) { v = fdp_.ConsumeBool(); }
  template <typename E>
  void Enum(E& v) {
    v = fdp_.ConsumeEnum<E>();
  }
  template <typename T>
  void Pick(T& v, std::span<const T> choices) {
    // PickValueInArray(array) is exactly this, for arrays of static size.
    v = choices[fdp_.ConsumeIntegralInRange<std::size_t>(0, choices.size() - 1)];
  }

 private:
  FuzzedDataProvider fdp_;
};

// Mirrors FuzzedDataProvider::ConsumeIntegralInRange: an integral of range R takes the fewest
// bytes that hold R, taken from the end of the buffer, most significant first. `consumed_` holds
// them in consumption order; the buffer is that sequence reversed.
class Writer {
 public:
  explicit Writer(std::span<std::uint8_t, kModelInputBytes> out) : out_(out) {}
  template <typename T>
  [[gnu::always_inline]] void Integral(const T& v) {
    using U = std::make_unsigned_t<T>;
    // ConsumeIntegral<T> is ConsumeIntegralInRange(min, max): result = value - min.
    const auto offset = static_cast<std::uint64_t>(static_cast<U>(v) -
                                                   static_cast<U>(std::numeric_limits<T>::min()));
    Emit(offset, sizeof(T));
  }
  template <typename T>
  [[gnu::always_inline]] void Range(const T& v, T min, T max) {
    const T clamped = std::clamp(v, min, max);
    Emit(static_cast<std::uint64_t>(clamped - min), WidthOf(static_cast<std::uint64_t>(max - min)));
  }
  [[gnu::always_inline]] void Bool(const bool& v) { Emit(v ? 1 : 0, 1); }
  template <typename E>
  [[gnu::always_inline]] void Enum(const E& v) {
    // ConsumeEnum reads a uint32_t in [0, kMaxValue]: the width of kMaxValue.
    Emit(static_cast<std::uint64_t>(v), WidthOf(static_cast<std::uint64_t>(E::kMaxValue)));
  }
  template <typename T>
  [[gnu::always_inline]] void Pick(const T& v, std::span<const T> choices) {
    const auto it = std::find(choices.begin(), choices.end(), v);
    const auto index = it == choices.end() ? 0 : static_cast<std::uint64_t>(it - choices.begin());
    Emit(index, WidthOf(choices.size() - 1));
  }
  std::size_t written() const { return written_; }

 private:
  // The k-th consumed byte sits at out_[size - 1 - k]: a field of `bytes` bytes is stored
  // little-endian, ending where the previous field began.
  [[gnu::always_inline]] void Emit(std::uint64_t value, std::size_t bytes) {
    written_ += bytes;
    std::memcpy(out_.data() + (kModelInputBytes - written_), &value, bytes);
  }
  std::span<std::uint8_t, kModelInputBytes> out_;
  std::size_t written_ = 0;
};

}  // namespace

ModelInput ReadModelInput(std::span<const std::uint8_t> bytes) {
  ModelInput input;
  if (bytes.size() >= kModelInputBytes) {
    Reader<true> reader(bytes);
    Visit(reader, input);
  } else {
    Reader<false> reader(bytes);
    Visit(reader, input);
  }
  return input;
}

ModelInput ReadModelInputWithProvider(std::span<const std::uint8_t> bytes) {
  ModelInput input;
  ProviderReader reader(bytes);
  Visit(reader, input);
  return input;
}

void WriteModelInput(const ModelInput& input, std::span<std::uint8_t, kModelInputBytes> out) {
  Writer writer(out);
  Visit(writer, input);
}

std::vector<std::uint8_t> WriteModelInput(const ModelInput& input) {
  std::vector<std::uint8_t> bytes(kModelInputBytes);
  WriteModelInput(input, std::span<std::uint8_t, kModelInputBytes>(bytes.data(), bytes.size()));
  return bytes;
}

}  // namespace vdsoconf::fuzz
