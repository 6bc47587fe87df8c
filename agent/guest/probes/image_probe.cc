#include <string_view>

#include "../sparse_bytes.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {

bool ProbeVdsoImage(ProbeContext& context) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vdso) {
    context.error = "no [vdso] line in /proc/self/maps";
    return false;
  }
  const std::uint64_t size = mappings.vdso->end - mappings.vdso->start;
  // The [vdso] mapping is the whole image, readable by definition (the loader reads it).
  const std::string_view image(reinterpret_cast<const char*>(mappings.vdso->start), size);
  context.data.Field("base", mappings.vdso->start);
  context.data.Field("size", size);
  context.data.Key("image");
  WriteSparseBytes(context.data, image);
  return true;
}

}  // namespace vdsoconf::agent
