#include "vdsoconf/targets/riscv/live/riscv_truths.h"

#include <charconv>

#include "vdsoconf/reference/entry_points.h"
#include "vdsoconf/reference/riscv/riscv64_entry_points.h"
#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::targets::riscv {

std::optional<ref::Generation> GenerationForRelease(std::string_view release) {
  int major = 0, minor = 0;
  const char* end = release.data() + release.size();
  auto [after_major, error] = std::from_chars(release.data(), end, major);
  if (error != std::errc() || after_major == end || *after_major != '.') return std::nullopt;
  auto [after_minor, error2] = std::from_chars(after_major + 1, end, minor);
  if (error2 != std::errc()) return std::nullopt;
  const int version = major * 1000 + minor;
  if (version < 5010) return std::nullopt;
  if (version < 6005) return ref::Generation::kLinux6_1;
  if (version < 6015) return ref::Generation::kLinux6_12;
  return ref::Generation::kLinux7_2;
}

std::uint32_t VvarPageCount(ref::Generation generation) {
  return generation == ref::Generation::kLinux7_2 ? 4 : 2;
}

std::vector<live::ExpectedSymbol> ExpectedVdsoSymbols(ref::Generation generation) {
  std::vector<live::ExpectedSymbol> symbols;
  for (const ref::EntryPoint& entry : ref::riscv::VdsoEntryPoints(generation)) {
    symbols.push_back({std::string(entry.name), std::string(entry.version)});
  }
  return symbols;
}

MultShift ClocksCalcMultShift(std::uint32_t from, std::uint32_t to, std::uint32_t maxsec) {
  if (from == 0) return {};
  std::uint32_t sftacc = 32;
  std::uint64_t tmp = (static_cast<std::uint64_t>(maxsec) * from) >> 32;
  while (tmp) {
    tmp >>= 1;
    --sftacc;
  }
  std::uint32_t sft = 32;
  for (; sft > 0; --sft) {
    tmp = static_cast<std::uint64_t>(to) << sft;
    tmp += from / 2;
    tmp /= from;
    if ((tmp >> sftacc) == 0) break;
  }
  return {static_cast<std::uint32_t>(tmp), sft};
}

std::uint32_t ClocksourceMaxAdjustment(std::uint32_t mult) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(mult) * 11 / 100);
}

MultShift RiscvClocksourceMultShift(std::uint64_t timebase) {
  if (timebase == 0 || timebase > UINT32_MAX) return {};
  const auto freq = static_cast<std::uint32_t>(timebase);
  constexpr std::uint64_t kMask = ~std::uint64_t{0};  // CLOCKSOURCE_MASK(64)
  std::uint64_t sec = kMask / freq;
  if (sec == 0) {
    sec = 1;
  } else if (sec > 600) {  // and mask > UINT_MAX, true for a 64-bit mask
    sec = 600;
  }
  MultShift result = ClocksCalcMultShift(freq, 1000000000u, static_cast<std::uint32_t>(sec));
  std::uint32_t maxadj = ClocksourceMaxAdjustment(result.mult);
  // u32 wrap-around is the kernel's overflow test.
  while (static_cast<std::uint32_t>(result.mult + maxadj) < result.mult ||
         static_cast<std::uint32_t>(result.mult - maxadj) > result.mult) {
    result.mult >>= 1;
    --result.shift;
    maxadj = ClocksourceMaxAdjustment(result.mult);
  }
  return result;
}

std::int32_t ExpectedClockMode(std::string_view clocksource) {
  return clocksource == "riscv_clocksource" ? ref::riscv::kClockModeArchtimer : ref::kClockModeNone;
}

}  // namespace vdsoconf::targets::riscv
