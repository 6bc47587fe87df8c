// Small BTF blobs built with libbpf's writer API (btf__add_*), for tests that need types the
// kernel does not have: bitfields, misplaced members, a struct with an extra scalar.
#pragma once

#include <cstdint>
#include <vector>

namespace vdsoconf::btf::testing {

// struct vdso_rng_data { u64 generation; u8 is_ready; } (size 16), as in the 7.2 kernel, with
// `is_ready` at `is_ready_offset` bytes and, when `extra` is set, a `u8 extra` at offset 9.
// When `bitfield_bits` is non-zero, is_ready is declared `u8 is_ready : bitfield_bits`.
// Also: struct holder { struct vdso_rng_data rng[3]; union { u32 a; s32 b; }; } (anonymous
// union), so array indexing and anonymous members can be exercised.
std::vector<std::uint8_t> RngDataBtf(std::uint32_t is_ready_offset = 8, bool extra = false,
                                     std::uint32_t bitfield_bits = 0);

}  // namespace vdsoconf::btf::testing
