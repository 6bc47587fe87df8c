// vvar layout generations of RISC-V Linux kernels.
//
// A "generation" is one shape of the data the kernel shares with the vDSO. Each is named after
// the first Debian kernel series vdsoconf models it from; the kernel versions each one covers are
// listed with the enumerator. The overflow-protection flag is a separate axis because
// CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT inserts `max_cycles` into the clock structure wherever
// the kernel has the option (6.10 and later), independent of the rest of the layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::ref {

enum class Generation : std::uint8_t {
  // Linux 5.10 .. 6.4 style (modelled from 6.1): `struct vdso_data[CS_BASES]` on one data page,
  // plus the time-namespace page; no arch data, no rng data. 2 vvar pages.
  kLinux6_1,
  // Linux 6.5 .. 6.12 style (modelled from 6.12): `struct vdso_data[CS_BASES]` whose arch_data
  // is `struct arch_vdso_data` with the hwprobe cache; optional max_cycles. 2 vvar pages.
  kLinux6_12,
  // Linux 6.15+ style (modelled from 7.2): `struct vdso_time_data` with vdso_clock[CS_BASES] and
  // aux_clock_data[MAX_AUX_CLOCKS], then the time-namespace page, the rng page
  // (`struct vdso_rng_data`) and the arch page (`struct vdso_arch_data`). 4 vvar pages.
  kLinux7_2,
};

inline constexpr Generation kAllGenerations[] = {Generation::kLinux6_1, Generation::kLinux6_12,
                                                 Generation::kLinux7_2};

// A concrete layout: a generation plus the config options that change field offsets.
struct LayoutVariant {
  Generation generation = Generation::kLinux7_2;
  // CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT. Never set for kLinux6_1 (the option does not exist).
  bool overflow_protect = false;

  friend bool operator==(const LayoutVariant&, const LayoutVariant&) = default;
};

// Stable short names used in reports and on the command line: "6.1", "6.12", "7.2".
std::string_view GenerationName(Generation generation);
std::optional<Generation> ParseGeneration(std::string_view name);

// "6.12" or "6.12+overflow-protect".
std::string LayoutVariantName(LayoutVariant variant);

}  // namespace vdsoconf::ref
