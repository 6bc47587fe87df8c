// Descriptions of the RISC-V vvar structs, member by member as the kernel declares them, and of
// which model member each maps to. See layout.h for the kernel files each one is read from.
#include "layout_riscv.h"

#include "layout_builder.h"

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

StructPtr EmptyStruct(std::string kernel_type) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = std::move(kernel_type);
  return d;
}

// 6.12 struct arch_vdso_data / 7.2 struct vdso_arch_data: the hwprobe cache. `ready` is 7.2 only.
StructPtr HwprobeArchData(std::string kernel_type, std::uint32_t keys, bool has_ready) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = std::move(kernel_type);
  d->members.push_back(ScalarArray<kU64>(
      "all_cpu_hwprobe_values", keys, [](Cursor c, std::uint32_t i) -> auto& {
        return As<riscv::HwprobeCache>(c).all_cpu_hwprobe_values[i];
      }));
  d->members.push_back(Scalar<kU8>(
      "homogeneous_cpus",
      [](Cursor c) -> auto& { return As<riscv::HwprobeCache>(c).homogeneous_cpus; }));
  if (has_ready) {
    d->members.push_back(Scalar<kU8>(
        "ready", [](Cursor c) -> auto& { return As<riscv::HwprobeCache>(c).ready; }));
  }
  return d;
}

// 6.1/6.12 struct vdso_data. The page's cursor is {VdsoTimePage*, cs}: the kernel repeats the
// tail and arch_data in each vdso_data[cs], the model keeps them in per-cs arrays.
StructPtr VdsoData(bool overflow_protect, bool timens, StructPtr arch_data) {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_data";
  AppendClockMembers(*d, overflow_protect, timens,
                     [](Cursor c) -> VdsoClock& { return As<VdsoTimePage>(c).clock[c.slot]; });
  AppendTailMembers(*d, [](Cursor c) -> VdsoTimeTail& { return As<VdsoTimePage>(c).tail[c.slot]; });
  d->members.push_back(StructMember("arch_data", std::move(arch_data), 0, [](Cursor c, auto) {
    return Cursor{&As<VdsoTimePage>(c).arch_in_time_data[c.slot].riscv};
  }));
  return d;
}

// 7.2 struct vdso_time_data (____cacheline_aligned; L1_CACHE_BYTES is 64 on RISC-V).
StructPtr VdsoTimeData(bool overflow_protect, bool timens) {
  auto clock = std::make_shared<StructDesc>();
  clock->kernel_type = "struct vdso_clock";
  AppendClockMembers(*clock, overflow_protect, timens,
                     [](Cursor c) -> VdsoClock& { return As<VdsoClock>(c); });

  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_time_data";
  d->attribute_align = 64;
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

StructPtr RngDataStruct() {
  auto d = std::make_shared<StructDesc>();
  d->kernel_type = "struct vdso_rng_data";
  d->members.push_back(Scalar<kU64>(
      "generation", [](Cursor c) -> auto& { return As<VdsoRngData>(c).generation; }));
  d->members.push_back(Scalar<kU8>(
      "is_ready", [](Cursor c) -> auto& { return As<VdsoRngData>(c).is_ready; }));
  return d;
}

Cursor TimePage(VvarState& s, std::uint32_t cs) {
  return Cursor{&s.time, cs};
}
Cursor TimensPage(VvarState& s, std::uint32_t cs) {
  return Cursor{&s.timens, cs};
}

// 6.1 and 6.12: arch/riscv/kernel/vdso.c enum vvar_pages.
LayoutDesc Linux6(LayoutVariant variant, StructPtr arch_data, std::uint32_t hwprobe_keys) {
  LayoutDesc d{variant, 2, "VVAR_NR_PAGES", hwprobe_keys, {}};
  d.pages.push_back(PageDesc{0, "VVAR_DATA_PAGE_OFFSET", "vdso_data",
                             VdsoData(variant.overflow_protect, false, arch_data), kCsBases,
                             TimePage});
  d.pages.push_back(PageDesc{1, "VVAR_TIMENS_PAGE_OFFSET", "timens_data",
                             VdsoData(variant.overflow_protect, true, arch_data), kCsBases,
                             TimensPage});
  return d;
}

}  // namespace

LayoutDesc DescribeLinux6_1() {
  return Linux6({Generation::kLinux6_1, false}, EmptyStruct("struct arch_vdso_data"), 0);
}

LayoutDesc DescribeLinux6_12(bool overflow_protect) {
  constexpr std::uint32_t kKeys = 9 + 1;  // RISCV_HWPROBE_MAX_KEY + 1
  return Linux6({Generation::kLinux6_12, overflow_protect},
                HwprobeArchData("struct arch_vdso_data", kKeys, false), kKeys);
}

LayoutDesc DescribeLinux7_2(bool overflow_protect) {
  constexpr std::uint32_t kKeys = 16 + 1;  // RISCV_HWPROBE_MAX_KEY + 1
  static_assert(kKeys <= riscv::kMaxHwprobeKeys);
  LayoutDesc d{{Generation::kLinux7_2, overflow_protect}, 4, "VDSO_NR_PAGES", kKeys, {}};
  d.pages.push_back(PageDesc{0, "VDSO_TIME_PAGE_OFFSET", "vdso_time_data",
                             VdsoTimeData(overflow_protect, false), 1, TimePage});
  d.pages.push_back(PageDesc{1, "VDSO_TIMENS_PAGE_OFFSET", "timens_time_data",
                             VdsoTimeData(overflow_protect, true), 1, TimensPage});
  d.pages.push_back(PageDesc{2, "VDSO_RNG_PAGE_OFFSET", "vdso_rng_data", RngDataStruct(), 1,
                             [](VvarState& s, std::uint32_t) { return Cursor{&s.rng}; }});
  d.pages.push_back(PageDesc{3, "VDSO_ARCH_PAGES_START", "vdso_arch_data",
                             HwprobeArchData("struct vdso_arch_data", kKeys, true), 1,
                             [](VvarState& s, std::uint32_t) { return Cursor{&s.arch.riscv}; }});
  return d;
}

}  // namespace vdsoconf::ref::layout_internal
