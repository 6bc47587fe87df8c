// Vvar pages in the Linux 7.2 layout without overflow protection (Debian's 7.2.13 riscv64
// kernel), for the executor tests: a reference model state (vdsoconf::ref::VvarState) encoded by
// the reference codec (reference/vvar_codec.h), with byte offsets taken from the codec's layout
// table (reference/layout.h), so the tests share one definition of the pages with the model.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::testing {

struct Vvar72 {
  static constexpr ref::LayoutVariant kLayout{ref::Generation::kLinux7_2, false};
  static constexpr int kCsHres = ref::kCsHresCoarse, kCsRaw = ref::kCsRaw;

  ref::VvarState state = [] {
    ref::VvarState s;
    s.layout = kLayout;
    return s;
  }();

  // The byte offset in the mapping of the layout field `name` (e.g.
  // "vdso_time_data.clock_data[0].seq"). A name the layout lacks is a bug in the test: aborts.
  static std::uint32_t Offset(const std::string& name) {
    const ref::LayoutField* field = ref::FindLayout(kLayout).value()->FindField(name);
    if (field == nullptr) {
      std::fprintf(stderr, "Vvar72: the 7.2 layout has no field %s\n", name.c_str());
      std::abort();
    }
    return field->page * 4096 + field->offset;
  }
  static std::uint32_t SeqOffset(int cs) {
    return Offset("vdso_time_data.clock_data[" + std::to_string(cs) + "].seq");
  }
  static std::uint32_t CycleLastOffset(int cs) {
    return Offset("vdso_time_data.clock_data[" + std::to_string(cs) + "].cycle_last");
  }
  static std::uint32_t BasetimeSecOffset(int cs, int clock_id) {
    return Offset("vdso_time_data.clock_data[" + std::to_string(cs) + "].basetime[" +
                  std::to_string(clock_id) + "].sec");
  }

  // A clock base as update_vsyscall() leaves it (seq even, ARCHTIMER mode = 1).
  void SetClock(int cs, std::uint32_t seq, std::int32_t mode, std::uint64_t cycle_last,
                std::uint64_t mask, std::uint32_t mult, std::uint32_t shift) {
    ref::VdsoClock& clock = state.time.clock[static_cast<std::size_t>(cs)];
    clock.seq = seq;
    clock.clock_mode = mode;
    clock.cycle_last = cycle_last;
    clock.mask = mask;
    clock.mult = mult;
    clock.shift = shift;
  }
  // basetime[clock_id] = {sec, nsec_shifted}; nsec_shifted is nanoseconds << shift.
  void SetBasetime(int cs, int clock_id, std::uint64_t sec, std::uint64_t nsec_shifted) {
    state.time.clock[static_cast<std::size_t>(cs)].basetime[static_cast<std::size_t>(clock_id)] = {
        sec, nsec_shifted};
  }
  ref::VdsoClock& clock(int cs) { return state.time.clock[static_cast<std::size_t>(cs)]; }

  // The 4 pages as the vDSO sees them. A state the codec rejects is a bug in the test: aborts
  // with the codec's message.
  std::vector<std::uint8_t> bytes() const { return ref::EncodeVvar(state).value(); }
};

inline std::vector<std::uint8_t> LittleEndian32(std::uint32_t v) {
  std::vector<std::uint8_t> out(4);
  std::memcpy(out.data(), &v, 4);
  return out;
}

inline std::vector<std::uint8_t> LittleEndian64(std::uint64_t v) {
  std::vector<std::uint8_t> out(8);
  std::memcpy(out.data(), &v, 8);
  return out;
}

}  // namespace vdsoconf::testing
