// Every entry of a reference vvar layout (vdsoconf/reference/layout.h) against the kernel's BTF.
//
// The reference tables place each field at
//   base + element * sizeof(kernel_type) + offsetof(kernel_type, member)
// in its page (LayoutField; base is 0 unless the array sits inside its page); the same expression is evaluated with the sizes and offsets the
// kernel's BTF gives, and both must agree byte for byte: offset, size, and for integers the
// signedness. Struct entries (LayoutStruct) are compared by sizeof and position the same way.
// In the other direction, every scalar BTF has inside a page's struct must be covered by the
// reference: by a field with the same member path, or by one occupying exactly the same bytes
// (the other view of a union, e.g. basetime[] and offset[] in struct vdso_clock). A scalar that
// is neither is reported as BTF-only: a member the reference does not model shifts nothing
// today, but it is a kernel change the tables have not caught up with.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/btf/kernel_btf.h"
#include "vdsoconf/reference/layout.h"

namespace vdsoconf::btf {

// One reference entry (field or struct) and what BTF says.
struct EntryComparison {
  std::string name;         // the layout's name: "vdso_time_data.clock_data[0].mult"
  std::string kernel_type;  // the type the position is computed from ("struct vdso_time_data")
  std::uint32_t element = 0;
  std::string member;  // "clock_data[0].mult"; empty for a page's own array elements
  std::uint32_t page = 0;
  std::uint32_t expected_offset = 0;  // in the page, bytes
  std::uint32_t expected_size = 0;
  std::optional<bool> expected_signed;  // fields only
  std::uint32_t base = 0;  // where the array of kernel_type starts in the page (LayoutField::base)
  // From BTF, in bits (a bitfield need not be byte aligned); absent when BTF lacks the entry.
  std::optional<std::uint64_t> btf_bit_offset;
  std::optional<std::uint64_t> btf_bit_size;
  std::optional<bool> btf_signed;
  bool btf_bitfield = false;
  // Empty when equal; otherwise why not, with both values ("offset 24 in the reference, 32 in
  // BTF"), or why BTF has no such entry.
  std::string problem;
};

// A scalar BTF has that no reference field covers.
struct BtfOnlyScalar {
  std::uint32_t page = 0;
  std::string kernel_type;
  std::uint32_t element = 0;
  std::string member;  // BTF's member path
  std::uint64_t page_bit_offset = 0;
  std::uint64_t bit_size = 0;
};

struct LayoutComparison {
  std::string layout;  // LayoutVariantName
  std::vector<EntryComparison> fields;
  std::vector<EntryComparison> structs;
  std::vector<BtfOnlyScalar> btf_only;
  // Page types BTF does not have at all (each then also fails every field on that page).
  std::vector<std::string> missing_types;

  // Entries with a problem, fields and structs.
  std::size_t MismatchCount() const;
  // No entry has a problem and BTF has no scalar the reference lacks.
  bool Agrees() const { return MismatchCount() == 0 && btf_only.empty(); }
};

// Compares every field and struct of `layout` with `types`. Never fails as a whole: what BTF
// lacks or places elsewhere is recorded entry by entry.
LayoutComparison CompareLayoutWithBtf(const ref::Layout& layout, const KernelBtf& types);

// The comparison as evidence: {"layout", "fields": [[name, page, offset, size, btf_offset,
// btf_size, "ok" | problem], ...], "structs": [same], "btf_only": [{...}], "missing_types",
// "mismatches": N}. Offsets and sizes in bytes (btf_* in bits when not byte aligned, as
// "bit:N"); null where BTF has nothing. Rows are arrays to keep results.json compact (the 7.2
// layout has ~450 fields).
nlohmann::json ComparisonEvidence(const LayoutComparison& comparison);

}  // namespace vdsoconf::btf
