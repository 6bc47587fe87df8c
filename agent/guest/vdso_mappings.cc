#include "vdso_mappings.h"

#include <sys/auxv.h>

#include <cstdlib>

#include "guest_io.h"
#include "json_writer.h"

namespace vdsoconf::agent {
namespace {

// "start-end perms offset dev inode   name": the range is the first word.
std::optional<MappingRange> ParseRange(const std::string& line) {
  const std::size_t dash = line.find('-');
  const std::size_t space = line.find(' ');
  if (dash == std::string::npos || space == std::string::npos || dash > space) return std::nullopt;
  MappingRange range;
  range.start = std::strtoull(line.substr(0, dash).c_str(), nullptr, 16);
  range.end = std::strtoull(line.substr(dash + 1, space - dash - 1).c_str(), nullptr, 16);
  range.line = line;
  return range;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

VdsoMappings ReadVdsoMappings() {
  VdsoMappings mappings;
  mappings.sysinfo_ehdr = getauxval(AT_SYSINFO_EHDR);
  const std::string maps = ReadWholeFile("/proc/self/maps").value_or("");
  for (const std::string& line : Split(maps, '\n')) {
    if (line.empty()) continue;
    mappings.maps_lines.push_back(line);
    if (EndsWith(line, " [vvar]")) mappings.vvar = ParseRange(line);
    if (EndsWith(line, " [vdso]")) mappings.vdso = ParseRange(line);
  }
  return mappings;
}

void WriteRange(JsonWriter& json, const char* key, const std::optional<MappingRange>& range) {
  json.Key(key);
  if (!range) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.Field("start", range->start);
  json.Field("end", range->end);
  json.Field("line", range->line);
  json.EndObject();
}

}  // namespace vdsoconf::agent
