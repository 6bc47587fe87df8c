#include "layout_builder.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace vdsoconf::ref::layout_internal {
namespace {

std::uint32_t AlignUp(std::uint32_t value, std::uint32_t align) {
  return (value + align - 1) / align * align;
}

StructShape MemberElementShape(const MemberDesc& m) {
  if (m.scalar) return {ScalarSize(*m.scalar), ScalarSize(*m.scalar)};
  return ShapeOf(*m.type);
}

// The descends taken from the page's model object down to the current struct, with indices.
using Chain = std::vector<std::pair<std::function<Cursor(Cursor, std::uint32_t)>, std::uint32_t>>;

// Walks one page-array element, appending its fields and struct-typed members to the layout.
class PageWalker {
 public:
  PageWalker(Layout& out, const PageDesc& page, std::uint32_t element)
      : out_(out), page_(page), element_(element) {
    prefix_ = page.root;
    if (page.count > 1) prefix_ += "[" + std::to_string(element) + "]";
  }

  void Run() {
    const std::uint32_t base = page_.offset + element_ * ShapeOf(*page_.type).size;
    AddStruct(prefix_, *page_.type, base, "");
    Walk(*page_.type, base, "", {});
  }

 private:
  void Walk(const StructDesc& desc, std::uint32_t base, const std::string& member_prefix,
            const Chain& chain) {
    std::uint32_t offset = 0;
    for (const MemberDesc& m : desc.members) {
      const StructShape shape = MemberElementShape(m);
      offset = AlignUp(offset, shape.align);
      const std::uint32_t n = m.count == 0 ? 1 : m.count;
      for (std::uint32_t i = 0; i < n; ++i) {
        std::string member = member_prefix.empty() ? m.name : member_prefix + "." + m.name;
        if (m.count != 0) member += "[" + std::to_string(i) + "]";
        const std::uint32_t at = base + offset + i * shape.size;
        if (m.scalar) {
          AddField(member, *m.scalar, at, chain, m.leaf, i);
        } else {
          AddStruct(prefix_ + "." + member, *m.type, at, member);
          Chain deeper = chain;
          deeper.emplace_back(m.descend, i);
          Walk(*m.type, at, member, deeper);
        }
      }
      offset += n * shape.size;
    }
  }

  void AddStruct(std::string name, const StructDesc& type, std::uint32_t at, std::string member) {
    const StructShape shape = ShapeOf(type);
    LayoutStruct s;
    s.name = std::move(name);
    s.kernel_type = type.kernel_type;
    s.page = page_.index;
    s.offset = at;
    s.size = shape.size;
    s.align = shape.align;
    s.container_type = page_.type->kernel_type;
    s.element = element_;
    s.member = std::move(member);
    s.base = page_.offset;
    out_.structs.push_back(std::move(s));
  }

  void AddField(const std::string& member, ScalarType type, std::uint32_t at, const Chain& chain,
                const std::function<FieldRef(Cursor, std::uint32_t)>& leaf, std::uint32_t index) {
    LayoutField f;
    f.name = prefix_ + "." + member;
    f.page = page_.index;
    f.offset = at;
    f.size = ScalarSize(type);
    f.type = type;
    f.kernel_type = page_.type->kernel_type;
    f.element = element_;
    f.member = member;
    f.base = page_.offset;
    f.bind = [enter = page_.enter, element = element_, chain, leaf, index](VvarState& state) {
      Cursor c = enter(state, element);
      for (const auto& [descend, i] : chain) c = descend(c, i);
      return leaf(c, index);
    };
    out_.fields.push_back(std::move(f));
  }

  Layout& out_;
  const PageDesc& page_;
  std::uint32_t element_;
  std::string prefix_;
};

}  // namespace

StructShape ShapeOf(const StructDesc& desc) {
  StructShape shape{0, desc.attribute_align};
  for (const MemberDesc& m : desc.members) {
    const StructShape member = MemberElementShape(m);
    shape.size = AlignUp(shape.size, member.align) + (m.count == 0 ? 1 : m.count) * member.size;
    shape.align = std::max(shape.align, member.align);
  }
  shape.size = AlignUp(shape.size, shape.align);
  return shape;
}

namespace {

[[noreturn]] void DescriptionDefect(const LayoutDesc& desc, const std::string& what) {
  std::fprintf(stderr, "vvar layout %s: %s\n", LayoutVariantName(desc.variant).c_str(),
               what.c_str());
  std::abort();
}

// The defects BuildLayout refuses: see layout_builder.h.
void CheckPlacement(const LayoutDesc& desc) {
  for (const PageDesc& page : desc.pages) {
    const std::uint32_t bytes = ShapeOf(*page.type).size * page.count;
    const std::string what = page.type->kernel_type + "[" + std::to_string(page.count) + "] (" +
                             std::to_string(bytes) + " bytes at " + std::to_string(page.offset) +
                             ") ";
    if (page.offset + bytes > kPageSize || page.index >= desc.page_count) {
      DescriptionDefect(desc, what + "does not fit page " + std::to_string(page.index));
    }
    if (page.offset != 0 && page.kernel_offset_symbol.empty()) {
      DescriptionDefect(desc, what + "has no kernel_offset_symbol");
    }
    for (const PageDesc& other : desc.pages) {
      const std::uint32_t other_end = other.offset + ShapeOf(*other.type).size * other.count;
      if (&other != &page && other.index == page.index && other.offset < page.offset + bytes &&
          page.offset < other_end) {
        DescriptionDefect(desc, what + "overlaps " + other.type->kernel_type);
      }
    }
    for (const LayoutOpaquePage& opaque : desc.opaque_pages) {
      if (opaque.index == page.index) {
        DescriptionDefect(desc, what + "is on opaque page " + opaque.name);
      }
    }
  }
  for (const LayoutOpaquePage& opaque : desc.opaque_pages) {
    if (opaque.index >= desc.page_count) {
      DescriptionDefect(desc, "opaque page " + opaque.name + " is past the page count");
    }
  }
}

}  // namespace

Layout BuildLayout(const LayoutDesc& desc) {
  CheckPlacement(desc);
  Layout layout;
  layout.variant = desc.variant;
  layout.page_count = desc.page_count;
  layout.kernel_page_count_symbol = desc.kernel_page_count_symbol;
  layout.hwprobe_keys = desc.hwprobe_keys;
  layout.opaque_pages = desc.opaque_pages;
  for (const PageDesc& page : desc.pages) {
    layout.pages.push_back(LayoutPage{page.index, page.kernel_index_symbol, page.root,
                                      page.type->kernel_type, page.count, page.offset,
                                      page.kernel_offset_symbol});
    for (std::uint32_t element = 0; element < page.count; ++element) {
      PageWalker(layout, page, element).Run();
    }
  }
  auto by_position = [](const auto& a, const auto& b) {
    return std::pair(a.page, a.offset) < std::pair(b.page, b.offset);
  };
  std::stable_sort(layout.fields.begin(), layout.fields.end(), by_position);
  std::stable_sort(layout.structs.begin(), layout.structs.end(), by_position);
  std::stable_sort(layout.pages.begin(), layout.pages.end(), [](const auto& a, const auto& b) {
    return std::pair(a.index, a.offset) < std::pair(b.index, b.offset);
  });
  std::stable_sort(layout.opaque_pages.begin(), layout.opaque_pages.end(),
                   [](const auto& a, const auto& b) { return a.index < b.index; });
  return layout;
}

}  // namespace vdsoconf::ref::layout_internal
