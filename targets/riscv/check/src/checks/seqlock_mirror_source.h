// The reference reader's view of an executor call with writer injections.
//
// The executor (executor.h) applies an Injection's bytes to the live vvar at the nth counter read
// (before the value is returned) or at the nth pause (cpu_relax() in the seqlock wait loop), and
// returns counter_values[min(i, n-1)] at counter read i. MirrorSource gives the reference reader
// (clock_reader.h) exactly that world: it serves every read from the live bytes, decoded with the
// image's layout, and applies the same byte writes at the same moments. Because both sides see
// the very same bytes, the model's answer is what the image must return for the same
// CallRequest, including how many counter reads and pauses it makes.
//
// Where a pause happens, from the reader's read order (seqlock.h): the kernel's wait loop reads
// seq, finds it odd, and (timens-aware loops) reads clock_mode; if that is not a recognised
// namespace page it executes cpu_relax() and reads seq again. A retry check (the seq read right
// after the clock data) that sees an odd value does not pause: the next section's first seq read
// does. So: a pause lies between an odd "begin" seq read (one not directly after kClockData) and
// the next seq read of the same clock, unless a TIMENS clock_mode read in between redirected the
// reader to the real page.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/seqlock.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

class MirrorSource final : public ref::ObservationSource {
 public:
  // `vvar` is the whole vvar mapping before the call (the executor's baseline), laid out as
  // `variant`; `injections` and `counter_values` as in the CallRequest. Injections with the
  // kEcall trigger are never applied (a clock reader that falls back issues its ecall last).
  // `time_namespaces` is the ReaderPolicy's flag (a TIMENS clock_mode read redirects only then).
  // Throws std::invalid_argument when `vvar` does not decode as `variant` or an injection writes
  // outside it.
  MirrorSource(std::span<const std::uint8_t> vvar, ref::LayoutVariant variant,
               std::vector<Injection> injections, std::vector<std::uint64_t> counter_values,
               bool time_namespaces);

  const ref::VvarState& StateAt(ref::ReadEvent event) override;
  std::uint64_t CounterAt(ref::ReadEvent event) override;

  // What the executor would report for the same call.
  std::uint32_t counter_reads() const { return counter_reads_; }
  std::uint32_t pauses() const { return pauses_; }
  // Injections applied so far (an injection whose trigger never came is not applied).
  std::uint32_t applied_injections() const { return applied_; }

 private:
  void Apply(protocol::Trigger trigger, std::uint32_t nth);
  void Decode();

  std::vector<std::uint8_t> live_;
  ref::LayoutVariant variant_;
  std::vector<Injection> injections_;
  std::vector<std::uint64_t> counter_values_;
  bool time_namespaces_ = true;
  ref::VvarState state_;
  std::uint32_t counter_reads_ = 0;
  std::uint32_t pauses_ = 0;
  std::uint32_t applied_ = 0;
  // The wait-loop bookkeeping of the banner.
  ref::ReadKind last_kind_ = ref::ReadKind::kTail;
  bool odd_begin_pending_ = false;
  ref::ClockSlot odd_slot_;
};

}  // namespace vdsoconf::riscv::check
