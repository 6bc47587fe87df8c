// Computes layout tables from compact descriptions of the kernel's structs (internal).
//
// A StructDesc lists a struct's members in declaration order, each a scalar or a nested struct,
// optionally an array. ShapeOf and BuildLayout apply the C layout rules the kernel relies on
// (GNU C, LP64): a member is placed at the next multiple of its alignment; a struct's alignment is
// the largest of its members' and of an explicit aligned attribute; its size is rounded up to that
// alignment; an empty struct has size 0. Each member also says where its value lives in the model
// (VvarState), so the table that says "where in the page" also says "where in the model".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "vdsoconf/reference/layout.h"

namespace vdsoconf::ref::layout_internal {

// A position in the model while walking down a kernel struct: the model object the current
// kernel struct maps to, and for structs split across several model arrays (6.x vdso_data[cs]
// feeds clock[cs], tail[cs] and arch_in_time_data[cs]) the array slot.
struct Cursor {
  void* object = nullptr;
  std::uint32_t slot = 0;
};

struct StructDesc;
using StructPtr = std::shared_ptr<const StructDesc>;

struct MemberDesc {
  std::string name;
  std::uint32_t count = 0;  // 0: not an array; N: name[N]
  // A scalar member has `scalar` and `leaf`; a struct member has `type` and `descend`.
  std::optional<ScalarType> scalar;
  std::function<FieldRef(Cursor parent, std::uint32_t index)> leaf;
  StructPtr type;
  std::function<Cursor(Cursor parent, std::uint32_t index)> descend;
};

struct StructDesc {
  std::string kernel_type;  // "struct vdso_clock"
  std::vector<MemberDesc> members;
  std::uint32_t attribute_align = 1;  // __aligned(N) / ____cacheline_aligned
};

struct StructShape {
  std::uint32_t size = 0;
  std::uint32_t align = 1;
};
StructShape ShapeOf(const StructDesc& desc);

// An array of structs in a page (LayoutPage) and how to find its model object in a VvarState
// for array element `element`.
struct PageDesc {
  std::uint32_t index = 0;
  std::string kernel_index_symbol;
  std::string root;
  StructPtr type;
  std::uint32_t count = 1;
  std::function<Cursor(VvarState& state, std::uint32_t element)> enter;
  std::uint32_t offset = 0;          // where in the page the array starts
  std::string kernel_offset_symbol;  // required when offset is not 0
};

struct LayoutDesc {
  LayoutVariant variant;
  std::uint32_t page_count = 0;
  std::string kernel_page_count_symbol;
  std::uint32_t hwprobe_keys = 0;
  std::vector<PageDesc> pages;
  std::vector<LayoutOpaquePage> opaque_pages;
};

// Lays out every page; aborts with a message if an array does not fit in its page, overlaps
// another array of the same page, sits on an opaque page, or lies past page_count (a defect in
// the descriptions, caught by every test run).
Layout BuildLayout(const LayoutDesc& desc);

template <ScalarType kType, typename M>
FieldRef MakeRef(M& member) {
  static_assert(std::is_integral_v<M>);
  constexpr std::uint32_t kSize = kType == ScalarType::kU8                                   ? 1
                                  : (kType == ScalarType::kS32 || kType == ScalarType::kU32) ? 4
                                                                                             : 8;
  static_assert(sizeof(M) == kSize, "model member size differs from the kernel field size");
  return FieldRef(&member);
}

// A scalar member; `of(cursor)` returns the model member.
template <ScalarType kType, typename F>
MemberDesc Scalar(std::string name, F of) {
  MemberDesc m;
  m.name = std::move(name);
  m.scalar = kType;
  m.leaf = [of](Cursor c, std::uint32_t) { return MakeRef<kType>(of(c)); };
  return m;
}

// An array of scalars; `of(cursor, i)` returns the model member for element i.
template <ScalarType kType, typename F>
MemberDesc ScalarArray(std::string name, std::uint32_t count, F of) {
  MemberDesc m;
  m.name = std::move(name);
  m.count = count;
  m.scalar = kType;
  m.leaf = [of](Cursor c, std::uint32_t i) { return MakeRef<kType>(of(c, i)); };
  return m;
}

// A struct member (count 0) or array of structs; `descend(cursor, i)` returns the cursor of
// element i's model object.
inline MemberDesc StructMember(std::string name, StructPtr type, std::uint32_t count,
                               std::function<Cursor(Cursor, std::uint32_t)> descend) {
  MemberDesc m;
  m.name = std::move(name);
  m.count = count;
  m.type = std::move(type);
  m.descend = std::move(descend);
  return m;
}

template <typename T>
T& As(Cursor c) {
  return *static_cast<T*>(c.object);
}

}  // namespace vdsoconf::ref::layout_internal
