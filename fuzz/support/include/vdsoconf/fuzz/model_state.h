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

// PolicyOf(input) with max_reads kModelIdleMaxReads: for calls under an idle writer only
// (ref::StaticSource), where it gives the same results as PolicyOf (model_input.h says why).
ref::ReaderPolicy IdlePolicyOf(const ModelInput& input);

// PolicyOf(input) for a call under WriterSource, with a budget that ends kModelWriterTailReads
// after the writer's last change (never above kModelMaxReads): from read odd_from + odd_reads
// on, the reader sees one state and counter, so it ends within the section it is in plus one
// idle call, or never. Same results as PolicyOf.
ref::ReaderPolicy WriterPolicyOf(const ModelInput& input);

// The three vvar states of an input: before the writer, while it writes (seq odd, data half
// written) and after it. Before/after are what an idle writer shows at those two instants.
// Reused across inputs: a build clears only what the previous builds of each state wrote.
class ModelStates {
 public:
  // Builds before(), during() and after() for `input`.
  void Build(const ModelInput& input);
  // Builds before() only: what an idle writer shows, all a call under StaticSource(before())
  // reads. during() and after() keep what they held (from an earlier input, or empty); use
  // Build() before reading them. Costs a third of Build() (the model fuzzer's idle properties).
  void BuildIdle(const ModelInput& input);
  const ref::VvarState& before() const { return before_; }
  const ref::VvarState& during() const { return during_; }
  const ref::VvarState& after() const { return after_; }

 private:
  // What a build wrote into one state, so the next build of that state resets exactly that.
  struct Footprint {
    bool other = false;  // a clock besides clock[CS_HRES_COARSE] (other_slot)
    ref::ClockSlot other_slot;
    int base_index = 0;
    bool in_timens = false;  // which page was the real one

    friend bool operator==(const Footprint&, const Footprint&) = default;
  };
  static void Clear(ref::VvarState& state, const Footprint& footprint);
  // Clears what the last build of `state` wrote unless this one writes the very same fields (the
  // common case: they are all overwritten), then places the input's pages with `hres` and `other`
  // standing in for input.hres and input.other (the writer's states change one of them).
  void Place(const ModelInput& input, const ClockFields& hres, const ClockFields& other,
             ref::VvarState& state, Footprint& footprint) const;
  // Sets slot_/wrote_other_/base_index_/layout_ for `input`.
  void Classify(const ModelInput& input);
  ref::VvarState before_, during_, after_;
  Footprint before_footprint_, during_footprint_, after_footprint_;
  // The current input's clock id, classified once per build.
  bool wrote_other_ = false;
  ref::ClockSlot other_slot_;
  int base_index_ = 0;
  ref::LayoutVariant layout_;
};

// The writer of a WriterScript as the reader sees it: states by read number, and the counter
// value of each counter read (`counter` before the writer's first read, counter_after from then).
// No allocation.
class WriterSource final : public ref::ObservationSource {
 public:
  WriterSource(const ModelStates& states, const ModelInput& input)
      : states_(states), input_(input) {}
  const ref::VvarState& StateAt(ref::ReadEvent event) override;
  std::uint64_t CounterAt(ref::ReadEvent event) override;

 private:
  const ModelStates& states_;
  const ModelInput& input_;
};

}  // namespace vdsoconf::fuzz
