#include "vdso_functions.h"

#include <span>

#include "arch_hooks.h"
#include "json_writer.h"
#include "vdso_elf.h"
#include "vdso_mappings.h"

namespace vdsoconf::agent {
namespace {

template <typename Function>
void Bind(RawEntry address, Function& function) {
  function = reinterpret_cast<Function>(address);
}

}  // namespace

bool ResolveVdsoFunctions(std::uint64_t base, std::uint64_t size, VdsoFunctions& functions,
                          std::string& error) {
  const MappedImage image(base, size);
  SymbolReader reader(image, error);
  if (!reader.ReadDynamic()) return false;
  const std::uint64_t load_bias = base - reader.tables().bias;
  functions = VdsoFunctions{};
  functions.base = base;
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    const auto address = reader.Resolve(entries[i].symbol, std::string(arch::kVdsoVersion));
    const RawEntry entry = address ? reinterpret_cast<RawEntry>(load_bias + *address) : nullptr;
    functions.entries[i] = entry;
    switch (entries[i].kind) {
      case EntryKind::kClockGettime:
        Bind(entry, functions.clock_gettime);
        break;
      case EntryKind::kClockGetres:
        Bind(entry, functions.clock_getres);
        break;
      case EntryKind::kGettimeofday:
        Bind(entry, functions.gettimeofday);
        break;
      case EntryKind::kGetcpu:
        Bind(entry, functions.getcpu);
        break;
      case EntryKind::kGetrandom:
        Bind(entry, functions.getrandom);
        break;
      case EntryKind::kOwn:
        break;
    }
  }
  return true;
}

bool ResolveCurrentVdsoFunctions(VdsoFunctions& functions, std::string& error) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vdso) {
    error = "no [vdso] line in /proc/self/maps";
    return false;
  }
  return ResolveVdsoFunctions(mappings.vdso->start, mappings.vdso->end - mappings.vdso->start,
                              functions, error);
}

void WriteExported(JsonWriter& json, const char* key, const VdsoFunctions& functions) {
  json.Key(key);
  json.BeginObject();
  const std::span<const EntryPoint> entries = arch::EntryPoints();
  for (std::size_t i = 0; i < entries.size() && i < kMaxEntryPoints; ++i) {
    json.Field(entries[i].key, functions.entries[i] != nullptr);
  }
  json.EndObject();
}

}  // namespace vdsoconf::agent
