// Property: DecodeVvar, Validate and EncodeVvar accept any byte string as a vvar dump of any
// layout variant without crash or undefined behaviour, and round-trip: a decoded dump whose
// padding is zero encodes back to the same bytes, and a state Validate finds no absent-field
// anomaly in encodes and decodes back to itself (vvar_codec.h). The first input byte picks the
// layout variant; the rest is the dump (short dumps are zero-extended to the variant's size, so
// the fuzzer need not guess 16 KiB lengths).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace {

[[noreturn]] void Finding(const char* what, const char* variant) {
  std::fprintf(stderr, "vdsoconf-model-invariant: vvar-codec-%s: variant %s\n", what, variant);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vdsoconf::ref;
  if (size == 0) return 0;
  static const std::vector<LayoutVariant> variants = AllLayoutVariants();
  const LayoutVariant variant = variants[data[0] % variants.size()];
  const auto layout = FindLayout(variant);
  if (!layout.ok()) return 0;
  const std::size_t full = std::size_t{layout.value()->page_count} * kPageSize;
  static std::vector<std::uint8_t> dump;
  dump.assign(full, 0);
  std::memcpy(dump.data(), data + 1, std::min(size - 1, full));
  const std::string name = LayoutVariantName(variant);
  // A wrong size must be an error, never a read past the end.
  if (DecodeVvar({dump.data(), full - 1}, variant).ok()) Finding("short-accepted", name.c_str());
  const auto decoded = DecodeVvar(dump, variant);
  if (!decoded.ok()) Finding("decode-failed", name.c_str());
  const auto anomalies = Validate(decoded.value().state);
  for (const Anomaly& a : anomalies) {
    if (a.kind == AnomalyKind::kAbsentFieldNonZero) Finding("absent-field-decoded", name.c_str());
  }
  const auto encoded = EncodeVvar(decoded.value().state);
  if (!encoded.ok()) Finding("encode-failed", name.c_str());
  if (decoded.value().nonzero_padding.empty() && encoded.value() != dump) {
    Finding("round-trip-bytes", name.c_str());
  }
  const auto again = DecodeVvar(encoded.value(), variant);
  if (!again.ok() || !(again.value().state == decoded.value().state)) {
    Finding("round-trip-state", name.c_str());
  }
  return 0;
}
