// Where the kernel put the vDSO and its data in this process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vdsoconf::agent {

struct MappingRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string line;  // the /proc/self/maps line, verbatim
};

struct VdsoMappings {
  std::vector<std::string> maps_lines;
  std::optional<MappingRange> vvar;  // the line named "[vvar]"
  std::optional<MappingRange> vdso;  // the line named "[vdso]"
  std::uint64_t sysinfo_ehdr = 0;    // getauxval(AT_SYSINFO_EHDR); 0 when absent
};

// Reads /proc/self/maps and the auxiliary vector. Missing files give empty results.
VdsoMappings ReadVdsoMappings();

// Writes {"start": N, "end": N, "line": "..."} (or null) under `key`.
class JsonWriter;
void WriteRange(JsonWriter& json, const char* key, const std::optional<MappingRange>& range);

}  // namespace vdsoconf::agent
