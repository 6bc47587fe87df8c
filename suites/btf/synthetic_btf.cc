#include "synthetic_btf.h"

#include <bpf/btf.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace vdsoconf::btf::testing {

std::vector<std::uint8_t> RngDataBtf(std::uint32_t is_ready_offset, bool extra,
                                     std::uint32_t bitfield_bits) {
  struct ::btf* types = btf__new_empty();
  if (types == nullptr) throw std::runtime_error("btf__new_empty failed");
  const int u8 = btf__add_int(types, "unsigned char", 1, 0);
  const int u32 = btf__add_int(types, "unsigned int", 4, 0);
  const int s32 = btf__add_int(types, "int", 4, BTF_INT_SIGNED);
  const int u64 = btf__add_int(types, "long long unsigned int", 8, 0);
  const int u64_typedef = btf__add_typedef(types, "u64", u64);
  const int rng = btf__add_struct(types, "vdso_rng_data", 16);
  btf__add_field(types, "generation", u64_typedef, 0, 0);
  btf__add_field(types, "is_ready", u8, is_ready_offset * 8, bitfield_bits);
  if (extra) btf__add_field(types, "extra", u8, 9 * 8, 0);
  const int rng_array = btf__add_array(types, u32, rng, 3);
  const int anon = btf__add_union(types, nullptr, 4);
  btf__add_field(types, "a", u32, 0, 0);
  btf__add_field(types, "b", s32, 0, 0);
  btf__add_struct(types, "holder", 52);
  btf__add_field(types, "rng", rng_array, 0, 0);
  btf__add_field(types, nullptr, anon, 48 * 8, 0);
  std::uint32_t size = 0;
  const void* raw = btf__raw_data(types, &size);
  if (raw == nullptr) throw std::runtime_error("btf__raw_data failed");
  std::vector<std::uint8_t> blob(size);
  std::memcpy(blob.data(), raw, size);
  btf__free(types);
  return blob;
}

}  // namespace vdsoconf::btf::testing
