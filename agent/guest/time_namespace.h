// Setting up a new time namespace's offsets, shared by the probes that enter one.
#pragma once

#include <cstdint>
#include <string>

namespace vdsoconf::agent {

struct TimeNamespaceOffsets {
  std::int64_t monotonic_sec = 0;
  std::int64_t monotonic_nsec = 0;
  std::int64_t boottime_sec = 0;
  std::int64_t boottime_nsec = 0;
};

// Writes the offsets to /proc/self/timens_offsets. Requires that this task has unshared
// CLONE_NEWTIME and that the namespace has no task yet (its first child takes them; the kernel
// refuses later writes). Returns false with `error` ("open|write /proc/self/timens_offsets:
// <strerror>") when the kernel refuses.
bool SetTimeNamespaceOffsets(const TimeNamespaceOffsets& offsets, std::string& error);

}  // namespace vdsoconf::agent
