#include "vdsoconf/reference/vvar_codec.h"

#include <set>

#include "vvar_codec_model.h"

namespace vdsoconf::ref {
namespace {

using codec_internal::ReadRef;
using codec_internal::WriteRef;

std::uint64_t LoadLittleEndian(const std::uint8_t* p, std::uint32_t size) {
  std::uint64_t value = 0;
  for (std::uint32_t i = size; i-- > 0;) value = (value << 8) | p[i];
  return value;
}

void StoreLittleEndian(std::uint8_t* p, std::uint32_t size, std::uint64_t value) {
  for (std::uint32_t i = 0; i < size; ++i) p[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::vector<ByteRange> NonZeroPadding(std::span<const std::uint8_t> bytes, const Layout& layout) {
  std::vector<bool> is_field(bytes.size(), false);
  for (const LayoutField& f : layout.fields) {
    const std::size_t start = std::size_t{f.page} * kPageSize + f.offset;
    for (std::size_t i = start; i < start + f.size; ++i) is_field[i] = true;
  }
  std::vector<ByteRange> runs;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (is_field[i] || bytes[i] == 0) continue;
    const auto page = static_cast<std::uint32_t>(i / kPageSize);
    const auto offset = static_cast<std::uint32_t>(i % kPageSize);
    ByteRange* last = runs.empty() ? nullptr : &runs.back();
    if (last != nullptr && last->page == page && last->offset + last->length == offset) {
      ++last->length;
    } else {
      runs.push_back(ByteRange{page, offset, 1});
    }
  }
  return runs;
}

}  // namespace

Result<DecodedVvar> DecodeVvar(std::span<const std::uint8_t> bytes, LayoutVariant variant) {
  auto found = FindLayout(variant);
  if (!found.ok()) return Result<DecodedVvar>::Error(found.error());
  const Layout& layout = *found.value();
  const std::size_t want = std::size_t{layout.page_count} * kPageSize;
  if (bytes.size() != want) {
    return Result<DecodedVvar>::Error("vvar image is " + std::to_string(bytes.size()) +
                                      " bytes; layout " + LayoutVariantName(variant) + " needs " +
                                      std::to_string(layout.page_count) +
                                      " pages = " + std::to_string(want) + " bytes");
  }
  DecodedVvar decoded;
  decoded.state.layout = variant;
  for (const LayoutField& f : layout.fields) {
    const std::uint8_t* at = bytes.data() + std::size_t{f.page} * kPageSize + f.offset;
    WriteRef(f.bind(decoded.state), LoadLittleEndian(at, f.size));
  }
  decoded.nonzero_padding = NonZeroPadding(bytes, layout);
  return decoded;
}

Result<std::vector<std::uint8_t>> EncodeVvar(const VvarState& state) {
  using R = Result<std::vector<std::uint8_t>>;
  auto found = FindLayout(state.layout);
  if (!found.ok()) return R::Error(found.error());
  const Layout& layout = *found.value();
  std::string lost;
  for (const Anomaly& a : Validate(state)) {
    if (a.kind != AnomalyKind::kAbsentFieldNonZero) continue;
    lost += lost.empty() ? a.message : "; " + a.message;
  }
  if (!lost.empty()) return R::Error("cannot encode without losing data: " + lost);

  std::vector<std::uint8_t> bytes(std::size_t{layout.page_count} * kPageSize, 0);
  // The bindings take a mutable state; encoding only reads through them.
  auto& readable = const_cast<VvarState&>(state);
  for (const LayoutField& f : layout.fields) {
    StoreLittleEndian(bytes.data() + std::size_t{f.page} * kPageSize + f.offset, f.size,
                      ReadRef(f.bind(readable)));
  }
  return bytes;
}

}  // namespace vdsoconf::ref
