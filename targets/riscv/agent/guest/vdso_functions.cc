#include "vdso_functions.h"

#include "vdso_elf.h"
#include "vdso_mappings.h"

namespace vdsoconf::agent {
namespace {

template <typename Function>
void Bind(const SymbolReader& reader, std::uint64_t load_bias, const char* name,
          Function& function) {
  const auto address = reader.Resolve(name, std::string(kRiscvVdsoVersion));
  function = address ? reinterpret_cast<Function>(load_bias + *address) : nullptr;
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
  Bind(reader, load_bias, "__vdso_clock_gettime", functions.clock_gettime);
  Bind(reader, load_bias, "__vdso_clock_getres", functions.clock_getres);
  Bind(reader, load_bias, "__vdso_gettimeofday", functions.gettimeofday);
  Bind(reader, load_bias, "__vdso_getcpu", functions.getcpu);
  Bind(reader, load_bias, "__vdso_riscv_hwprobe", functions.riscv_hwprobe);
  Bind(reader, load_bias, "__vdso_getrandom", functions.getrandom);
  Bind(reader, load_bias, "__vdso_flush_icache", functions.flush_icache);
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

}  // namespace vdsoconf::agent
