// Turning a ModelInput into what the reference reader consumes: vvar states and an observation
// source, without allocating (the model fuzzer calls this once per input).
#pragma once

#include <cstdint>

#include "vdsoconf/fuzz/model_input.h"
#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/seqlock.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::fuzz {

// The clock structure the reader of `clock_id` uses on a page: clock[CS_HRES_COARSE] for HRES and
// COARSE ids, clock[CS_RAW] for MONOTONIC_RAW, aux_clock[id - 16] for 7.2 aux ids. Returns false
// for ids the vDSO does not serve from the page (out of range, not in any VDSO_* mask).
bool SlotOfClockId(ref::Generation generation, std::int32_t clock_id, ref::ClockSlot* slot);

// The basetime[] index a clock id reads: the id itself, or VDSO_BASE_AUX (0) for aux clocks.
int BaseIndexOfClockId(ref::Generation generation, std::int32_t clock_id);

// The reader's build options for the input (generation, overflow protection, CONFIG_TIME_NS,
// CONFIG_POSIX_AUX_CLOCKS, CONFIG_HZ), max_reads kModelMaxReads. Overflow protection is dropped
// for 6.1, which lacks it.
ref::ReaderPolicy PolicyOf(const ModelInput& input);

// The three vvar states of an input: before the writer, while it writes (seq odd, data half
// written) and after it. Before/after are what an idle writer shows at those two instants.
// Reused across inputs: Build() clears only what the previous Build() wrote.
class ModelStates {
 public:
  void Build(const ModelInput& input);
  const ref::VvarState& before() const { return before_; }
  const ref::VvarState& during() const { return during_; }
  const ref::VvarState& after() const { return after_; }

 private:
  void Clear(ref::VvarState& state) const;
  void Place(const ModelInput& input, const ClockFields& hres, const ClockFields& other,
             ref::VvarState& state) const;
  ref::VvarState before_, during_, after_;
  // What the last Build() wrote, so the next one can reset exactly that.
  bool wrote_other_ = false;
  ref::ClockSlot other_slot_;
  int base_index_ = 0;
};

// The writer of a WriterScript as the reader sees it: states by read number, and the counter
// value of each counter read (`counter` before the writer's first read, counter_after from then).
// No allocation.
class WriterSource final : public ref::ObservationSource {
 public:
  WriterSource(const ModelStates& states, const ModelInput& input)
      : states_(states), input_(input) {}
  const ref::VvarState& StateAt(const ref::ReadEvent& event) override;
  std::uint64_t CounterAt(const ref::ReadEvent& event) override;

 private:
  const ModelStates& states_;
  const ModelInput& input_;
};

}  // namespace vdsoconf::fuzz
