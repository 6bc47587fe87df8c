#include "seqlock_mirror_source.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace vdsoconf::riscv::check {

MirrorSource::MirrorSource(std::span<const std::uint8_t> vvar, ref::LayoutVariant variant,
                           std::vector<Injection> injections,
                           std::vector<std::uint64_t> counter_values, bool time_namespaces)
    : live_(vvar.begin(), vvar.end()),
      variant_(variant),
      injections_(std::move(injections)),
      counter_values_(std::move(counter_values)),
      time_namespaces_(time_namespaces) {
  for (const Injection& injection : injections_) {
    const std::size_t end = std::size_t{injection.write.offset} + injection.write.bytes.size();
    if (end > live_.size()) {
      throw std::invalid_argument(
          "injection writes bytes " + std::to_string(injection.write.offset) + ".." +
          std::to_string(end) + " of a " + std::to_string(live_.size()) + "-byte vvar");
    }
  }
  Decode();
}

void MirrorSource::Decode() {
  auto decoded = ref::DecodeVvar(live_, variant_);
  if (!decoded) throw std::invalid_argument("vvar does not decode: " + decoded.error());
  state_ = std::move(decoded.value().state);
}

void MirrorSource::Apply(protocol::Trigger trigger, std::uint32_t nth) {
  bool changed = false;
  for (const Injection& injection : injections_) {
    if (injection.trigger != trigger || injection.nth != nth) continue;
    std::copy(injection.write.bytes.begin(), injection.write.bytes.end(),
              live_.begin() + injection.write.offset);
    ++applied_;
    changed = true;
  }
  if (changed) Decode();
}

const ref::VvarState& MirrorSource::StateAt(ref::ReadEvent event) {
  using ref::ReadKind;
  if (event.kind == ReadKind::kSeq) {
    if (odd_begin_pending_ && event.slot == odd_slot_) {
      ++pauses_;
      Apply(protocol::Trigger::kPause, pauses_);
    }
    odd_begin_pending_ = false;
    const bool begin = last_kind_ != ReadKind::kClockData;
    if (begin && (ref::ClockAt(state_, event.slot).seq & 1u) != 0) {
      odd_begin_pending_ = true;
      odd_slot_ = event.slot;
    }
  } else if (event.kind == ReadKind::kClockMode && odd_begin_pending_) {
    // The timens-aware wait loop: a namespace page sends the reader to the real page instead
    // of pausing.
    if (time_namespaces_ && ref::ClockAt(state_, event.slot).clock_mode == ref::kClockModeTimens)
      odd_begin_pending_ = false;
  } else {
    odd_begin_pending_ = false;
  }
  last_kind_ = event.kind;
  return state_;
}

std::uint64_t MirrorSource::CounterAt(ref::ReadEvent event) {
  last_kind_ = event.kind;
  odd_begin_pending_ = false;
  const std::uint32_t index = counter_reads_++;
  Apply(protocol::Trigger::kCounterRead, counter_reads_);
  if (counter_values_.empty()) return 0;
  return counter_values_[std::min<std::size_t>(index, counter_values_.size() - 1)];
}

}  // namespace vdsoconf::riscv::check
