#include <sys/auxv.h>

#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {

bool ProbeVdsoLocate(ProbeContext& context) {
  const VdsoMappings mappings = ReadVdsoMappings();
  JsonWriter& data = context.data;
  data.Key("auxv");
  data.BeginObject();
  data.Field("sysinfo_ehdr", mappings.sysinfo_ehdr);
  data.Field("pagesz", static_cast<std::uint64_t>(getauxval(AT_PAGESZ)));
  data.Field("hwcap", static_cast<std::uint64_t>(getauxval(AT_HWCAP)));
  data.EndObject();
  data.Key("maps");
  data.BeginArray();
  for (const std::string& line : mappings.maps_lines) data.String(line);
  data.EndArray();
  WriteRange(data, "vvar", mappings.vvar);
  WriteRange(data, "vdso", mappings.vdso);
  if (mappings.maps_lines.empty()) {
    context.error = "/proc/self/maps is empty or unreadable";
    return false;
  }
  return true;
}

}  // namespace vdsoconf::agent
