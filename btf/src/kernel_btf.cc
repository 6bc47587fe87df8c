#include "vdsoconf/btf/kernel_btf.h"

#include <bpf/btf.h>
#include <linux/btf.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>

namespace vdsoconf::btf {
namespace {

template <typename T>
using R = ref::Result<T>;

// Follows typedefs and qualifiers (u64 -> __u64 -> unsigned long long; volatile, const).
std::uint32_t SkipModifiers(const struct ::btf* handle, std::uint32_t id) {
  for (int depth = 0; depth < 64; ++depth) {
    const btf_type* type = btf__type_by_id(handle, id);
    if (type == nullptr) return id;
    switch (btf_kind(type)) {
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_VOLATILE:
      case BTF_KIND_CONST:
      case BTF_KIND_RESTRICT:
      case BTF_KIND_TYPE_TAG:
        id = type->type;
        break;
      default:
        return id;
    }
  }
  return id;
}

std::string KindName(const btf_type* type) {
  switch (btf_kind(type)) {
    case BTF_KIND_INT:
      return "int";
    case BTF_KIND_PTR:
      return "ptr";
    case BTF_KIND_ARRAY:
      return "array";
    case BTF_KIND_STRUCT:
      return "struct";
    case BTF_KIND_UNION:
      return "union";
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
      return "enum";
    case BTF_KIND_FLOAT:
      return "float";
    default:
      return "kind " + std::to_string(btf_kind(type));
  }
}

std::optional<bool> Signedness(const btf_type* type) {
  if (btf_is_int(type)) return (btf_int_encoding(type) & BTF_INT_SIGNED) != 0;
  if (btf_is_any_enum(type)) return btf_kflag(type);
  return std::nullopt;
}

// One segment of a member path: "basetime" or "basetime[7]" (or "m[1][2]").
struct Segment {
  std::string name;
  std::vector<std::uint64_t> indexes;
};

R<std::vector<Segment>> ParsePath(std::string_view path) {
  std::vector<Segment> segments;
  if (path.empty()) return segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    std::string_view text = path.substr(start, dot - start);
    Segment segment;
    const std::size_t bracket = text.find('[');
    segment.name = std::string(text.substr(0, bracket));
    if (segment.name.empty()) {
      return R<std::vector<Segment>>::Error("malformed member path '" + std::string(path) + "'");
    }
    std::size_t at = bracket;
    while (at != std::string_view::npos && at < text.size()) {
      const std::size_t close = text.find(']', at);
      if (text[at] != '[' || close == std::string_view::npos || close == at + 1) {
        return R<std::vector<Segment>>::Error("malformed index in '" + std::string(path) + "'");
      }
      std::uint64_t index = 0;
      for (std::size_t i = at + 1; i < close; ++i) {
        if (text[i] < '0' || text[i] > '9' || index > (1ull << 40)) {
          return R<std::vector<Segment>>::Error("malformed index in '" + std::string(path) + "'");
        }
        index = index * 10 + static_cast<std::uint64_t>(text[i] - '0');
      }
      segment.indexes.push_back(index);
      at = close + 1;
    }
    segments.push_back(std::move(segment));
    start = dot + 1;
    if (dot == path.size()) break;
  }
  return segments;
}

struct MemberHit {
  std::uint32_t type_id = 0;
  std::uint64_t bit_offset = 0;
  std::uint32_t bitfield_size = 0;
};

// The member `name` of the struct/union `id`, looking through anonymous members.
std::optional<MemberHit> FindMember(const struct ::btf* handle, std::uint32_t id,
                                    std::string_view name, int depth = 0) {
  const btf_type* type = btf__type_by_id(handle, id);
  if (type == nullptr || !btf_is_composite(type) || depth > 32) return std::nullopt;
  const btf_member* members = btf_members(type);
  for (std::uint32_t i = 0; i < btf_vlen(type); ++i) {
    const char* member_name = btf__name_by_offset(handle, members[i].name_off);
    const std::uint64_t offset = btf_member_bit_offset(type, i);
    if (member_name != nullptr && member_name == name) {
      return MemberHit{members[i].type, offset, btf_member_bitfield_size(type, i)};
    }
    if (member_name == nullptr || *member_name == '\0') {
      const std::uint32_t inner = SkipModifiers(handle, members[i].type);
      if (auto hit = FindMember(handle, inner, name, depth + 1)) {
        hit->bit_offset += offset;
        return hit;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

ref::Result<std::shared_ptr<const KernelBtf>> KernelBtf::Parse(std::span<const std::uint8_t> blob) {
  using Out = R<std::shared_ptr<const KernelBtf>>;
  if (blob.size() > UINT32_MAX) return Out::Error("BTF blob larger than 4 GiB");
  // libbpf 1.x returns NULL and sets errno on failure.
  errno = 0;
  struct ::btf* handle = btf__new(blob.data(), static_cast<std::uint32_t>(blob.size()));
  if (handle == nullptr) {
    return Out::Error("libbpf rejected the BTF blob (btf__new): " + std::string(strerror(errno)));
  }
  return std::shared_ptr<const KernelBtf>(new KernelBtf(handle));
}

KernelBtf::~KernelBtf() {
  btf__free(handle_);
}

std::uint32_t KernelBtf::TypeCount() const {
  return btf__type_cnt(handle_);
}

namespace {

R<std::uint32_t> FindComposite(const struct ::btf* handle, std::string_view kernel_type) {
  int kind = 0;
  std::string_view name;
  if (kernel_type.starts_with("struct ")) {
    kind = BTF_KIND_STRUCT;
    name = kernel_type.substr(7);
  } else if (kernel_type.starts_with("union ")) {
    kind = BTF_KIND_UNION;
    name = kernel_type.substr(6);
  } else {
    return R<std::uint32_t>::Error("'" + std::string(kernel_type) +
                                   "' is not a struct or union type name");
  }
  const std::int32_t id =
      btf__find_by_name_kind(handle, std::string(name).c_str(), static_cast<std::uint32_t>(kind));
  if (id <= 0) {
    return R<std::uint32_t>::Error(std::string(kernel_type) + " is not in the kernel's BTF");
  }
  return static_cast<std::uint32_t>(id);
}

}  // namespace

ref::Result<std::uint64_t> KernelBtf::SizeOf(std::string_view kernel_type) const {
  auto id = FindComposite(handle_, kernel_type);
  if (!id) return R<std::uint64_t>::Error(id.error());
  return static_cast<std::uint64_t>(btf__type_by_id(handle_, id.value())->size);
}

ref::Result<BtfPlace> KernelBtf::Locate(std::string_view kernel_type,
                                        std::string_view member_path) const {
  auto root = FindComposite(handle_, kernel_type);
  if (!root) return R<BtfPlace>::Error(root.error());
  auto segments = ParsePath(member_path);
  if (!segments) return R<BtfPlace>::Error(segments.error());
  std::uint32_t id = root.value();
  std::uint64_t bit_offset = 0;
  std::uint32_t bitfield_size = 0;
  std::string walked(kernel_type);
  for (const Segment& segment : segments.value()) {
    const std::uint32_t container = SkipModifiers(handle_, id);
    auto hit = FindMember(handle_, container, segment.name);
    if (!hit) {
      return R<BtfPlace>::Error(walked + " has no member '" + segment.name + "' in the BTF");
    }
    walked += "." + segment.name;
    id = hit->type_id;
    bit_offset += hit->bit_offset;
    bitfield_size = hit->bitfield_size;
    for (std::uint64_t index : segment.indexes) {
      const btf_type* array = btf__type_by_id(handle_, SkipModifiers(handle_, id));
      if (array == nullptr || !btf_is_array(array)) {
        return R<BtfPlace>::Error(walked + " is not an array in the BTF");
      }
      const struct btf_array* info = btf_array(array);
      if (index >= info->nelems) {
        return R<BtfPlace>::Error(walked + "[" + std::to_string(index) + "] is past the " +
                                  std::to_string(info->nelems) + " elements the BTF declares");
      }
      const long element_size = btf__resolve_size(handle_, info->type);
      if (element_size < 0) return R<BtfPlace>::Error("cannot size the elements of " + walked);
      walked += "[" + std::to_string(index) + "]";
      id = info->type;
      bit_offset += index * static_cast<std::uint64_t>(element_size) * 8;
    }
  }
  const btf_type* leaf = btf__type_by_id(handle_, SkipModifiers(handle_, id));
  const long size = btf__resolve_size(handle_, id);
  if (leaf == nullptr || size < 0) return R<BtfPlace>::Error("cannot size " + walked);
  BtfPlace place;
  place.bit_offset = bit_offset;
  place.bitfield = bitfield_size != 0;
  place.bit_size = bitfield_size != 0 ? bitfield_size : static_cast<std::uint64_t>(size) * 8;
  place.is_signed = Signedness(leaf);
  place.kind = KindName(leaf);
  return place;
}

namespace {

// Appends the scalars of type `id` placed at `bit_offset`, named below `path`.
bool CollectLeaves(const struct ::btf* handle, std::uint32_t id, std::uint64_t bit_offset,
                   std::uint32_t bitfield_size, const std::string& path, std::vector<BtfLeaf>& out,
                   std::size_t max_leaves, int depth) {
  if (out.size() > max_leaves || depth > 32) return false;
  const std::uint32_t resolved = SkipModifiers(handle, id);
  const btf_type* type = btf__type_by_id(handle, resolved);
  if (type == nullptr) return false;
  if (btf_is_composite(type)) {
    const btf_member* members = btf_members(type);
    for (std::uint32_t i = 0; i < btf_vlen(type); ++i) {
      const char* name = btf__name_by_offset(handle, members[i].name_off);
      const std::string member_path = (name == nullptr || *name == '\0') ? path
                                      : path.empty()                     ? std::string(name)
                                                                         : path + "." + name;
      if (!CollectLeaves(handle, members[i].type, bit_offset + btf_member_bit_offset(type, i),
                         btf_member_bitfield_size(type, i), member_path, out, max_leaves,
                         depth + 1)) {
        return false;
      }
    }
    return true;
  }
  if (btf_is_array(type)) {
    const struct btf_array* info = btf_array(type);
    const long element_size = btf__resolve_size(handle, info->type);
    if (element_size < 0) return false;
    for (std::uint32_t i = 0; i < info->nelems; ++i) {
      if (!CollectLeaves(
              handle, info->type,
              bit_offset + std::uint64_t{i} * static_cast<std::uint64_t>(element_size) * 8, 0,
              path + "[" + std::to_string(i) + "]", out, max_leaves, depth + 1)) {
        return false;
      }
    }
    return true;
  }
  const long size = btf__resolve_size(handle, resolved);
  if (size < 0) return false;
  BtfLeaf leaf;
  leaf.path = path;
  leaf.place.bit_offset = bit_offset;
  leaf.place.bitfield = bitfield_size != 0;
  leaf.place.bit_size = bitfield_size != 0 ? bitfield_size : static_cast<std::uint64_t>(size) * 8;
  leaf.place.is_signed = Signedness(type);
  leaf.place.kind = KindName(type);
  out.push_back(std::move(leaf));
  return true;
}

}  // namespace

ref::Result<std::vector<BtfLeaf>> KernelBtf::Leaves(std::string_view kernel_type,
                                                    std::size_t max_leaves) const {
  auto root = FindComposite(handle_, kernel_type);
  if (!root) return R<std::vector<BtfLeaf>>::Error(root.error());
  std::vector<BtfLeaf> leaves;
  if (!CollectLeaves(handle_, root.value(), 0, 0, "", leaves, max_leaves, 0)) {
    return R<std::vector<BtfLeaf>>::Error("cannot list the scalars of " + std::string(kernel_type) +
                                          " (more than " + std::to_string(max_leaves) +
                                          ", nested too deep, or unsizable)");
  }
  return leaves;
}

}  // namespace vdsoconf::btf
