#include "vdsoconf/btf/layout_comparison.h"

#include <map>
#include <set>
#include <tuple>

namespace vdsoconf::btf {
namespace {

std::string Bits(std::uint64_t bits) {
  return bits % 8 == 0 ? std::to_string(bits / 8) : "bit " + std::to_string(bits);
}

// Sizes of the types BTF has, looked up once per type.
class SizeCache {
 public:
  explicit SizeCache(const KernelBtf& types) : types_(types) {}
  const ref::Result<std::uint64_t>& Get(const std::string& kernel_type) {
    auto it = sizes_.find(kernel_type);
    if (it == sizes_.end()) it = sizes_.emplace(kernel_type, types_.SizeOf(kernel_type)).first;
    return it->second;
  }

 private:
  const KernelBtf& types_;
  std::map<std::string, ref::Result<std::uint64_t>> sizes_;
};

// Fills the btf_* members and problem of `entry`. `size_only_type`: for structs, the entry's own
// type whose sizeof BTF must equal expected_size.
void Resolve(EntryComparison& entry, const KernelBtf& types, SizeCache& sizes,
             const std::string& own_type) {
  const auto& container_size = sizes.Get(entry.kernel_type);
  if (!container_size) {
    entry.problem = container_size.error();
    return;
  }
  std::uint64_t bit_offset = (entry.base + entry.element * container_size.value()) * 8;
  std::uint64_t bit_size = container_size.value() * 8;
  if (!entry.member.empty()) {
    auto place = types.Locate(entry.kernel_type, entry.member);
    if (!place) {
      entry.problem = place.error();
      return;
    }
    bit_offset += place.value().bit_offset;
    bit_size = place.value().bit_size;
    entry.btf_signed = place.value().is_signed;
    entry.btf_bitfield = place.value().bitfield;
  }
  if (!own_type.empty()) {
    const auto& own = sizes.Get(own_type);
    if (!own) {
      entry.problem = own.error();
      return;
    }
    if (own.value() * 8 != bit_size) {
      entry.problem = "sizeof(" + own_type + ") is " + std::to_string(own.value()) +
                      " in BTF but the member holding it has " + Bits(bit_size);
    }
  }
  entry.btf_bit_offset = bit_offset;
  entry.btf_bit_size = bit_size;
  std::vector<std::string> problems;
  if (bit_offset != std::uint64_t{entry.expected_offset} * 8) {
    problems.push_back("offset " + std::to_string(entry.expected_offset) + " in the reference, " +
                       Bits(bit_offset) + " in BTF");
  }
  if (bit_size != std::uint64_t{entry.expected_size} * 8) {
    problems.push_back("size " + std::to_string(entry.expected_size) + " in the reference, " +
                       Bits(bit_size) + " in BTF");
  }
  if (entry.btf_bitfield) problems.push_back("a bitfield in BTF, a whole scalar in the reference");
  if (entry.expected_signed && entry.btf_signed && *entry.expected_signed != *entry.btf_signed) {
    problems.push_back(std::string(*entry.expected_signed ? "signed" : "unsigned") +
                       " in the reference, " + (*entry.btf_signed ? "signed" : "unsigned") +
                       " in BTF");
  }
  for (const std::string& problem : problems) {
    entry.problem += (entry.problem.empty() ? "" : "; ") + problem;
  }
}

}  // namespace

std::size_t LayoutComparison::MismatchCount() const {
  std::size_t count = 0;
  for (const auto& entry : fields) count += entry.problem.empty() ? 0 : 1;
  for (const auto& entry : structs) count += entry.problem.empty() ? 0 : 1;
  return count;
}

LayoutComparison CompareLayoutWithBtf(const ref::Layout& layout, const KernelBtf& types) {
  LayoutComparison comparison;
  comparison.layout = ref::LayoutVariantName(layout.variant);
  SizeCache sizes(types);

  // Reference coverage, for the BTF-only direction: member paths and byte ranges per page.
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::string>> covered_paths;
  std::set<std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>> covered_bits;
  for (const ref::LayoutField& field : layout.fields) {
    EntryComparison entry{
        field.name, field.kernel_type, field.element, field.member,
        field.page, field.offset,      field.size,    ref::ScalarIsSigned(field.type)};
    entry.base = field.base;
    Resolve(entry, types, sizes, "");
    comparison.fields.push_back(std::move(entry));
    covered_paths.emplace(field.page, field.element, field.member);
    covered_bits.emplace(field.page, std::uint64_t{field.offset} * 8,
                         std::uint64_t{field.size} * 8);
  }
  for (const ref::LayoutStruct& object : layout.structs) {
    EntryComparison entry{object.name, object.container_type, object.element, object.member,
                          object.page, object.offset,         object.size,    std::nullopt};
    entry.base = object.base;
    Resolve(entry, types, sizes, object.kernel_type);
    comparison.structs.push_back(std::move(entry));
  }

  for (const ref::LayoutPage& page : layout.pages) {
    const auto& size = sizes.Get(page.kernel_type);
    auto leaves = types.Leaves(page.kernel_type);
    if (!size || !leaves) {
      comparison.missing_types.push_back(page.kernel_type);
      continue;
    }
    for (std::uint32_t element = 0; element < page.count; ++element) {
      for (const BtfLeaf& leaf : leaves.value()) {
        const std::uint64_t bit_offset =
            (page.offset + element * size.value()) * 8 + leaf.place.bit_offset;
        if (covered_paths.contains({page.index, element, leaf.path}) ||
            covered_bits.contains({page.index, bit_offset, leaf.place.bit_size})) {
          continue;
        }
        comparison.btf_only.push_back(
            {page.index, page.kernel_type, element, leaf.path, bit_offset, leaf.place.bit_size});
      }
    }
  }
  return comparison;
}

namespace {

nlohmann::json Row(const EntryComparison& entry) {
  auto bits = [](const std::optional<std::uint64_t>& value) -> nlohmann::json {
    if (!value) return nullptr;
    if (*value % 8 == 0) return *value / 8;
    return "bit:" + std::to_string(*value);
  };
  return nlohmann::json::array({entry.name, entry.page, entry.expected_offset, entry.expected_size,
                                bits(entry.btf_bit_offset), bits(entry.btf_bit_size),
                                entry.problem.empty() ? std::string("ok") : entry.problem});
}

}  // namespace

nlohmann::json ComparisonEvidence(const LayoutComparison& comparison) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& entry : comparison.fields) fields.push_back(Row(entry));
  nlohmann::json structs = nlohmann::json::array();
  for (const auto& entry : comparison.structs) structs.push_back(Row(entry));
  nlohmann::json btf_only = nlohmann::json::array();
  for (const auto& scalar : comparison.btf_only) {
    btf_only.push_back({{"page", scalar.page},
                        {"kernel_type", scalar.kernel_type},
                        {"element", scalar.element},
                        {"member", scalar.member},
                        {"page_bit_offset", scalar.page_bit_offset},
                        {"bit_size", scalar.bit_size}});
  }
  return {{"layout", comparison.layout},
          {"row_columns", {"name", "page", "offset", "size", "btf_offset", "btf_size", "verdict"}},
          {"fields", fields},
          {"structs", structs},
          {"btf_only", btf_only},
          {"missing_types", comparison.missing_types},
          {"mismatches", comparison.MismatchCount()}};
}

}  // namespace vdsoconf::btf
