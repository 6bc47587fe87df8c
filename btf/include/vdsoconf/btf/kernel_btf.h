// The kernel's types as BTF describes them, read with libbpf: where a member of a struct lies
// (bit offset and size, bitfields and nested arrays included), sizeof a struct, and every scalar
// a struct contains.
//
// Names follow the reference layout tables (vdsoconf/reference/layout.h): a type is
// "struct vdso_clock" or "union vdso_data_store"; a member path is "basetime[7].nsec" or
// "clock_data[1].offset[3].sec". Members of anonymous structs and unions (struct vdso_clock's
// union of basetime[] and offset[]) are found by their own names, as C finds them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/layout.h"

struct btf;  // libbpf's handle (bpf/btf.h), kept out of this header

namespace vdsoconf::btf {

// Where a member lies inside its outermost struct, in bits (BTF gives member offsets in bits).
struct BtfPlace {
  std::uint64_t bit_offset = 0;
  std::uint64_t bit_size = 0;
  bool bitfield = false;  // declared with a width (`u32 x : 3`)
  // Only for integer and enum leaves: whether the kernel declared the type signed.
  std::optional<bool> is_signed;
  std::string kind;  // the leaf's BTF kind after typedefs and qualifiers: "int", "struct", ...

  // Whole bytes: offset and size are multiples of 8 bits.
  bool ByteAligned() const { return bit_offset % 8 == 0 && bit_size % 8 == 0; }
};

// A scalar (non-struct, non-union, non-array) inside a struct, and its place.
struct BtfLeaf {
  std::string path;  // "clock_data[1].basetime[3].sec" (anonymous members leave no name)
  BtfPlace place;
};

class KernelBtf {
 public:
  // Parses a raw BTF blob (libbpf btf__new, which validates every type). Errors carry libbpf's
  // errno text. The blob is copied; `blob` need not outlive the result.
  static ref::Result<std::shared_ptr<const KernelBtf>> Parse(std::span<const std::uint8_t> blob);

  ~KernelBtf();
  KernelBtf(const KernelBtf&) = delete;
  KernelBtf& operator=(const KernelBtf&) = delete;

  // Number of types, for evidence.
  std::uint32_t TypeCount() const;

  // sizeof `kernel_type` ("struct vdso_clock"). Errors: not "struct X"/"union X", or no
  // complete type of that name in the BTF (a forward declaration does not count).
  ref::Result<std::uint64_t> SizeOf(std::string_view kernel_type) const;

  // The place of `member_path` inside `kernel_type`. An empty path is the type itself at offset
  // 0. Errors name the first segment that fails: no such member, an index on a non-array, an
  // index past the array's length, a malformed path.
  ref::Result<BtfPlace> Locate(std::string_view kernel_type, std::string_view member_path) const;

  // Every scalar inside `kernel_type`, in declaration order, arrays expanded element by
  // element. Errors as SizeOf, or more than `max_leaves` scalars (a guard for huge structs).
  ref::Result<std::vector<BtfLeaf>> Leaves(std::string_view kernel_type,
                                           std::size_t max_leaves = 1u << 16) const;

  // The libbpf handle, for tests that inspect the raw types. Never null.
  const struct ::btf* Handle() const { return handle_; }

 private:
  explicit KernelBtf(struct ::btf* handle) : handle_(handle) {}
  struct ::btf* handle_;
};

}  // namespace vdsoconf::btf
