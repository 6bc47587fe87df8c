// The generic rule over the architecture's clock modes (arch_model.h).
#include <cstdio>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

bool IsKnownClockMode(const ArchModel& arch, std::int32_t mode) {
  if (mode == kClockModeNone || mode == kClockModeTimens) return true;
  for (const ArchClockMode& own : arch.ClockModes()) {
    if (own.value == mode) return true;
  }
  return false;
}

std::string KnownClockModesText(const ArchModel& arch) {
  std::string text = std::to_string(kClockModeNone) + " (NONE)";
  for (const ArchClockMode& own : arch.ClockModes()) {
    text += ", " + std::to_string(own.value) + " (" + std::string(own.name) + ")";
  }
  char timens[32];
  std::snprintf(timens, sizeof timens, "%#x", static_cast<unsigned>(kClockModeTimens));
  return text + " or " + timens + " (TIMENS)";
}

}  // namespace vdsoconf::ref
