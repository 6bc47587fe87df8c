#include "vdsoconf/fuzz/model_state.h"

#include <algorithm>

namespace vdsoconf::fuzz {
namespace {

void Fill(const ClockFields& fields, int base_index, ref::VdsoClock& clock) {
  clock.seq = fields.seq;
  clock.clock_mode = fields.clock_mode;
  clock.cycle_last = fields.cycle_last;
  clock.max_cycles = fields.max_cycles;
  clock.mask = fields.mask;
  clock.mult = fields.mult;
  clock.shift = fields.shift;
  clock.basetime[base_index] = {fields.base_sec, fields.base_nsec};
}

ref::VdsoClock& ClockOf(ref::VdsoTimePage& page, ref::ClockSlot slot) {
  return slot.aux ? page.aux_clock[slot.index] : page.clock[slot.index];
}

// Zeroes the fields Fill() writes with basetime index `base`, and basetime[CLOCK_REALTIME]
// (Place's extra write), field by field: assigning {} to the whole VdsoClock (12 basetime pairs)
// in three states was an ASan-checked memset per clock and the model fuzzer's largest own cost.
void ClearClock(int base, ref::VdsoClock& clock) {
  clock.seq = 0;
  clock.clock_mode = 0;
  clock.cycle_last = 0;
  clock.max_cycles = 0;
  clock.mask = 0;
  clock.mult = 0;
  clock.shift = 0;
  clock.basetime[base] = {};
  clock.basetime[ref::kClockRealtime] = {};
}

}  // namespace

bool SlotOfClockId(ref::Generation generation, std::int32_t clock_id, ref::ClockSlot* slot) {
  switch (ref::ClassifyClockId(generation, clock_id)) {
    case ref::ClockIdClass::kHres:
    case ref::ClockIdClass::kCoarse:
      *slot = {0, false, ref::kCsHresCoarse};
      return true;
    case ref::ClockIdClass::kRaw:
      *slot = {0, false, ref::kCsRaw};
      return true;
    case ref::ClockIdClass::kAux:
      *slot = {0, true, static_cast<std::uint8_t>(clock_id - ref::kClockAux)};
      return true;
    case ref::ClockIdClass::kNotInVdso:
    case ref::ClockIdClass::kOutOfRange:
      return false;
  }
  return false;
}

int BaseIndexOfClockId(ref::Generation generation, std::int32_t clock_id) {
  if (ref::ClassifyClockId(generation, clock_id) == ref::ClockIdClass::kAux) return 0;
  if (clock_id < 0 || clock_id >= ref::kVdsoBases) return 0;
  return clock_id;
}

ref::ReaderPolicy PolicyOf(const ModelInput& input) {
  ref::ReaderPolicy policy;
  policy.generation = input.generation;
  policy.overflow_protect =
      input.overflow_protect && ref::HasOverflowProtectOption(input.generation);
  policy.time_namespaces = input.time_namespaces;
  policy.posix_aux_clocks = input.posix_aux_clocks;
  policy.hz = input.hz;
  policy.max_reads = kModelMaxReads;
  return policy;
}

ref::ReaderPolicy IdlePolicyOf(const ModelInput& input) {
  ref::ReaderPolicy policy = PolicyOf(input);
  policy.max_reads = kModelIdleMaxReads;
  return policy;
}

ref::ReaderPolicy WriterPolicyOf(const ModelInput& input) {
  ref::ReaderPolicy policy = PolicyOf(input);
  const std::uint32_t writer_done =
      std::uint32_t{input.writer.odd_from} + std::uint32_t{input.writer.odd_reads};
  policy.max_reads = std::min(kModelMaxReads, writer_done + kModelWriterTailReads);
  return policy;
}

void ModelStates::Clear(ref::VvarState& state, const Footprint& footprint) {
  for (ref::VdsoTimePage* page : {&state.time, &state.timens}) {
    ClearClock(footprint.base_index, page->clock[ref::kCsHresCoarse]);
    if (footprint.other) ClearClock(footprint.base_index, ClockOf(*page, footprint.other_slot));
    page->tail[0] = {};
  }
}

void ModelStates::Classify(const ModelInput& input) {
  ref::ClockSlot slot;
  const bool served = SlotOfClockId(input.generation, input.clock_id, &slot);
  wrote_other_ = served && (slot.aux || slot.index != ref::kCsHresCoarse);
  other_slot_ = slot;
  base_index_ = BaseIndexOfClockId(input.generation, input.clock_id);
  layout_ = ref::LayoutVariant{input.generation, PolicyOf(input).overflow_protect};
}

// The real page is page 1 inside a time namespace (the kernel swaps the pages for the task).
// `hres` and `other` stand in for input.hres and input.other, so the writer's states copy one
// ClockFields, not the whole ModelInput.
void ModelStates::Place(const ModelInput& input, const ClockFields& hres, const ClockFields& other,
                        ref::VvarState& state, Footprint& footprint) const {
  const Footprint next{wrote_other_, other_slot_, base_index_, input.in_timens};
  if (!(footprint == next)) {
    Clear(state, footprint);
    footprint = next;
  }
  state.layout = layout_;
  ref::VdsoTimePage& real = input.in_timens ? state.timens : state.time;
  ref::VdsoTimePage& ns = input.in_timens ? state.time : state.timens;
  const int base = base_index_;
  Fill(hres, base, real.clock[ref::kCsHresCoarse]);
  if (base != ref::kClockRealtime) {
    real.clock[ref::kCsHresCoarse].basetime[ref::kClockRealtime] = {input.realtime_sec,
                                                                    input.realtime_nsec};
  }
  if (wrote_other_) Fill(other, base, ClockOf(real, other_slot_));
  real.tail[0] = {input.tz_minuteswest, input.tz_dsttime, input.hrtimer_res, 0};
  if (input.in_timens) {
    Fill(input.ns, base, ns.clock[ref::kCsHresCoarse]);
    if (wrote_other_) Fill(input.ns, base, ClockOf(ns, other_slot_));
  }
}

void ModelStates::BuildIdle(const ModelInput& input) {
  Classify(input);
  Place(input, input.hres, input.other, before_, before_footprint_);
}

void ModelStates::Build(const ModelInput& input) {
  BuildIdle(input);

  // The writer updates the structure of the clock id (or clock[0] when it has none there).
  ClockFields written = wrote_other_ ? input.other : input.hres;
  written.seq = input.writer.seq_after;
  written.cycle_last = input.writer.cycle_last_after;
  written.base_sec = input.writer.base_sec_after;
  written.base_nsec = input.writer.base_nsec_after;
  Place(input, wrote_other_ ? input.hres : written, wrote_other_ ? written : input.other, after_,
        after_footprint_);

  // Half way: seq odd (vdso_write_begin), cycle_last already new, basetime still old.
  ClockFields torn = wrote_other_ ? input.other : input.hres;
  torn.seq |= 1u;
  torn.cycle_last = input.writer.cycle_last_after;
  Place(input, wrote_other_ ? input.hres : torn, wrote_other_ ? torn : input.other, during_,
        during_footprint_);
}

const ref::VvarState& WriterSource::StateAt(ref::ReadEvent event) {
  const WriterScript& w = input_.writer;
  if (event.index < w.odd_from) return states_.before();
  if (event.index < static_cast<std::uint32_t>(w.odd_from) + w.odd_reads) return states_.during();
  return states_.after();
}

std::uint64_t WriterSource::CounterAt(ref::ReadEvent event) {
  return event.index < input_.writer.odd_from ? input_.counter : input_.writer.counter_after;
}

}  // namespace vdsoconf::fuzz
