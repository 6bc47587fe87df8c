// Lists the vDSO's dynamic symbols with their versions and what a loader resolves each to
// (vdso_elf.h); a malformed image gives an error document rather than a crash.
#include <string>

#include "../vdso_elf.h"
#include "../vdso_mappings.h"
#include "probes.h"

namespace vdsoconf::agent {

bool ProbeVdsoSymbols(ProbeContext& context) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vdso) {
    context.error = "no [vdso] line in /proc/self/maps";
    return false;
  }
  const MappedImage image(mappings.vdso->start, mappings.vdso->end - mappings.vdso->start);
  SymbolReader reader(image, context.error);
  if (!reader.ReadDynamic()) return false;

  JsonWriter& data = context.data;
  data.Field("base", mappings.vdso->start);
  data.Field("load_bias", mappings.vdso->start - reader.tables().bias);
  data.Key("tables");
  data.BeginObject();
  data.Field("gnu_hash", reader.tables().gnu_hash.has_value());
  data.Field("sysv_hash", reader.tables().sysv_hash.has_value());
  data.Field("versym", reader.tables().versym.has_value());
  data.Field("verdef", reader.tables().verdef.has_value());
  data.EndObject();
  data.Key("versions");
  data.BeginArray();
  for (const VersionDef& def : reader.versions()) {
    data.BeginObject();
    data.Field("index", static_cast<std::uint32_t>(def.index));
    data.Field("name", def.name);
    data.Field("flags", static_cast<std::uint32_t>(def.flags));
    data.EndObject();
  }
  data.EndArray();
  data.Key("symbols");
  data.BeginArray();
  for (std::uint32_t index = 1; index < reader.symbol_count(); ++index) {
    const auto symbol = reader.ReadSymbol(index);
    if (!symbol) {
      context.error = "symbol " + std::to_string(index) + " outside the image";
      return false;
    }
    data.BeginObject();
    data.Field("index", index);
    data.Field("name", symbol->name);
    data.Key("version");
    symbol->version ? data.String(*symbol->version) : data.Null();
    data.Field("hidden", symbol->hidden);
    data.Field("value", static_cast<std::uint64_t>(symbol->sym->st_value));
    data.Field("size", static_cast<std::uint64_t>(symbol->sym->st_size));
    data.Field("type", static_cast<std::uint32_t>(ELF64_ST_TYPE(symbol->sym->st_info)));
    data.Field("bind", static_cast<std::uint32_t>(ELF64_ST_BIND(symbol->sym->st_info)));
    data.Field("shndx", static_cast<std::uint32_t>(symbol->sym->st_shndx));
    data.Key("resolved");
    const auto resolved = reader.Resolve(symbol->name, symbol->version);
    resolved ? data.Uint(*resolved) : data.Null();
    data.EndObject();
  }
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
