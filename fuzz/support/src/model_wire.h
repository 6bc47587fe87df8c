// The wire order of a ModelInput (model_input.h), private to fuzz/support: the field order is
// written once, in Visit, and walked by the decoder, the encoder (model_input.cc) and the
// cross-over's field locator (model_mutator.cc), so they cannot drift apart.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "vdsoconf/fuzz/model_input.h"

namespace vdsoconf::fuzz::wire {

// Bytes FuzzedDataProvider takes for an integral whose range (max - min) is `range`.
constexpr std::size_t WidthOf(std::uint64_t range) {
  std::size_t bytes = 0;
  while (bytes < 8 && (range >> (8 * bytes)) > 0) ++bytes;
  return bytes;
}

// The field order of the wire format, written once: the reader and the writer both walk it, so
// they cannot drift apart.
template <typename Io, typename Clock>
[[gnu::always_inline]] inline void VisitClock(Io& io, Clock& c) {
  io.Integral(c.seq);
  io.Integral(c.clock_mode);
  io.Integral(c.cycle_last);
  io.Integral(c.max_cycles);
  io.Integral(c.mask);
  io.Integral(c.mult);
  io.Integral(c.shift);
  io.Integral(c.base_sec);
  io.Integral(c.base_nsec);
}

// `In` is ModelInput (readers) or const ModelInput (the writer, which then copies nothing).
template <typename Io, typename In>
[[gnu::always_inline]] inline void Visit(Io& io, In& in) {
  io.Enum(in.property);
  io.Pick(in.generation, std::span<const ref::Generation>(ref::kAllGenerations));
  io.Bool(in.overflow_protect);
  io.Bool(in.time_namespaces);
  io.Bool(in.posix_aux_clocks);
  io.Pick(in.hz, std::span<const std::uint32_t>(kHzChoices));
  io.Bool(in.in_timens);
  io.Integral(in.clock_id);
  io.Bool(in.out_present);
  io.Bool(in.tz_present);
  io.Integral(in.counter);
  VisitClock(io, in.hres);
  io.Integral(in.realtime_sec);
  io.Integral(in.realtime_nsec);
  VisitClock(io, in.other);
  VisitClock(io, in.ns);
  io.Integral(in.tz_minuteswest);
  io.Integral(in.tz_dsttime);
  io.Integral(in.hrtimer_res);
  io.Range(in.writer.odd_from, std::uint8_t{0}, kMaxWriterOddFrom);
  io.Range(in.writer.odd_reads, std::uint8_t{0}, kMaxWriterOddReads);
  io.Integral(in.writer.seq_after);
  io.Integral(in.writer.cycle_last_after);
  io.Integral(in.writer.base_sec_after);
  io.Integral(in.writer.base_nsec_after);
  io.Integral(in.writer.counter_after);
}

// Where fields lie in a whole encoding (kModelInputBytes, as WriteModelInput writes it): bytes
// [offset, offset + size). A field's bytes depend on that field alone, so copying a span from
// one whole encoding into another moves exactly those fields.
struct Span {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// Walks Visit over one ModelInput and remembers each field's span by the field's address, so
// that the span of any member (a field, or a structure of fields) of that same object can be
// asked for afterwards.
class Locator {
 public:
  explicit Locator(const ModelInput& input) { Visit(*this, input); }

  // The span of the bytes encoding the member [first, first + size) of the located input; a
  // member must be one field or a structure whose fields are contiguous on the wire.
  template <typename Member>
  Span Of(const Member& member) const {
    const auto* first = reinterpret_cast<const unsigned char*>(&member);
    const unsigned char* last = first + sizeof(Member);
    std::size_t begin = kModelInputBytes, end = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      const auto* at = static_cast<const unsigned char*>(fields_[i].address);
      if (at >= first && at < last) {
        begin = std::min(begin, fields_[i].span.offset);
        end = std::max(end, fields_[i].span.offset + fields_[i].span.size);
      }
    }
    return begin < end ? Span{begin, end - begin} : Span{};
  }

  template <typename T>
  void Integral(const T& v) {
    Note(&v, sizeof(T));
  }
  template <typename T>
  void Range(const T& v, T min, T max) {
    Note(&v, WidthOf(static_cast<std::uint64_t>(max - min)));
  }
  void Bool(const bool& v) { Note(&v, 1); }
  template <typename E>
  void Enum(const E& v) {
    Note(&v, WidthOf(static_cast<std::uint64_t>(E::kMaxValue)));
  }
  template <typename T>
  void Pick(const T& v, std::span<const T> choices) {
    Note(&v, WidthOf(choices.size() - 1));
  }

 private:
  struct Field {
    const void* address = nullptr;
    Span span;
  };
  // Fields are consumed from the end of the buffer: each one ends where the previous began.
  void Note(const void* address, std::size_t width) {
    written_ += width;
    if (count_ < kMaxFields) fields_[count_++] = {address, {kModelInputBytes - written_, width}};
  }
  static constexpr std::size_t kMaxFields = 96;
  Field fields_[kMaxFields];
  std::size_t count_ = 0;
  std::size_t written_ = 0;
};

}  // namespace vdsoconf::fuzz::wire
