#include "datapage_desc.h"

namespace vdsoconf::ref::layout_internal {
namespace {

using enum ScalarType;

// struct vdso_timestamp { u64 sec; u64 nsec; } or, in the time-namespace page's view of the
// same union, struct timens_offset { s64 sec; u64 nsec; } (include/vdso/time.h).
StructPtr Timestamp(bool timens) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = timens ? "struct timens_offset" : "struct vdso_timestamp";
  auto sec = [](Cursor c) -> auto& {
    return As<VdsoTimestamp>(c).sec;
  };
  d->members.push_back(timens ? Scalar<kS64>("sec", sec) : Scalar<kU64>("sec", sec));
  d->members.push_back(Scalar<kU64>(
      "nsec", [](Cursor c) -> auto& { return As<VdsoTimestamp>(c).nsec; }));
  return d;
}

// The clocksource members, identical in 6.x struct vdso_data and 7.2 struct vdso_clock.
// `clock_of` finds the model clock from the cursor of the enclosing kernel struct.
template <typename ClockOf>
void AppendClockMembers(StructDesc& d, bool overflow_protect, bool timens, ClockOf clock_of) {
  d.members.push_back(Scalar<kU32>(
      "seq", [=](Cursor c) -> auto& { return clock_of(c).seq; }));
  d.members.push_back(Scalar<kS32>(
      "clock_mode", [=](Cursor c) -> auto& { return clock_of(c).clock_mode; }));
  d.members.push_back(Scalar<kU64>(
      "cycle_last", [=](Cursor c) -> auto& { return clock_of(c).cycle_last; }));
  if (overflow_protect) {
    d.members.push_back(Scalar<kU64>(
        "max_cycles", [=](Cursor c) -> auto& { return clock_of(c).max_cycles; }));
  }
  d.members.push_back(Scalar<kU64>(
      "mask", [=](Cursor c) -> auto& { return clock_of(c).mask; }));
  d.members.push_back(Scalar<kU32>(
      "mult", [=](Cursor c) -> auto& { return clock_of(c).mult; }));
  d.members.push_back(Scalar<kU32>(
      "shift", [=](Cursor c) -> auto& { return clock_of(c).shift; }));
  d.members.push_back(
      StructMember(timens ? "offset" : "basetime", Timestamp(timens), kVdsoBases,
                   [=](Cursor c, std::uint32_t i) { return Cursor{&clock_of(c).basetime[i]}; }));
}

// tz_minuteswest, tz_dsttime, hrtimer_res, __unused.
template <typename TailOf>
void AppendTailMembers(StructDesc& d, TailOf tail_of) {
  d.members.push_back(Scalar<kS32>(
      "tz_minuteswest", [=](Cursor c) -> auto& { return tail_of(c).tz_minuteswest; }));
  d.members.push_back(Scalar<kS32>(
      "tz_dsttime", [=](Cursor c) -> auto& { return tail_of(c).tz_dsttime; }));
  d.members.push_back(Scalar<kU32>(
      "hrtimer_res", [=](Cursor c) -> auto& { return tail_of(c).hrtimer_res; }));
  d.members.push_back(Scalar<kU32>(
      "__unused", [=](Cursor c) -> auto& { return tail_of(c).unused; }));
}

}  // namespace

StructPtr EmptyStruct(std::string kernel_type) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = std::move(kernel_type);
  return d;
}

StructPtr VdsoData(bool overflow_protect, bool timens, StructPtr arch_data,
                   std::function<Cursor(ArchTimeData&)> arch_member) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_data";
  AppendClockMembers(*d, overflow_protect, timens,
                     [](Cursor c) -> VdsoClock& { return As<VdsoTimePage>(c).clock[c.slot]; });
  AppendTailMembers(*d, [](Cursor c) -> VdsoTimeTail& { return As<VdsoTimePage>(c).tail[c.slot]; });
  d->members.push_back(StructMember(
      "arch_data", std::move(arch_data), 0, [arch_member = std::move(arch_member)](Cursor c, auto) {
        ArchTimeData& holder = As<VdsoTimePage>(c).arch_in_time_data[c.slot];
        return arch_member ? arch_member(holder) : Cursor{&holder};
      }));
  return d;
}

StructPtr VdsoTimeData(bool overflow_protect, bool timens, std::uint32_t cacheline_bytes) {
  auto clock = std::make_shared<StructDesc>();
  clock->kernel_type = "struct vdso_clock";
  AppendClockMembers(*clock, overflow_protect, timens,
                     [](Cursor c) -> VdsoClock& { return As<VdsoClock>(c); });

  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_time_data";
  d->attribute_align = cacheline_bytes;
  d->members.push_back(StructMember("arch_data", EmptyStruct("struct arch_vdso_time_data"), 0,
                                    [](Cursor c, auto) { return c; }));
  d->members.push_back(StructMember("clock_data", clock, kCsBases, [](Cursor c, std::uint32_t i) {
    return Cursor{&As<VdsoTimePage>(c).clock[i]};
  }));
  d->members.push_back(StructMember(
      "aux_clock_data", clock, kMaxAuxClocks,
      [](Cursor c, std::uint32_t i) { return Cursor{&As<VdsoTimePage>(c).aux_clock[i]}; }));
  AppendTailMembers(*d, [](Cursor c) -> VdsoTimeTail& { return As<VdsoTimePage>(c).tail[0]; });
  return d;
}

StructPtr VdsoRngDataStruct() {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_rng_data";
  d->members.push_back(Scalar<kU64>(
      "generation", [](Cursor c) -> auto& { return As<VdsoRngData>(c).generation; }));
  d->members.push_back(Scalar<kU8>(
      "is_ready", [](Cursor c) -> auto& { return As<VdsoRngData>(c).is_ready; }));
  return d;
}

Cursor TimePage(VvarState& state, std::uint32_t cs) {
  return Cursor{&state.time, cs};
}
Cursor TimensPage(VvarState& state, std::uint32_t cs) {
  return Cursor{&state.timens, cs};
}
Cursor RngPage(VvarState& state, std::uint32_t) {
  return Cursor{&state.rng};
}

}  // namespace vdsoconf::ref::layout_internal
