// Raw vvar bytes <-> VvarState, for every layout in layout.h, and the sanity rules of a state.
//
// The byte image is the whole vvar mapping as a process sees it: page_count pages of kPageSize
// bytes, page 0 first, little-endian (RISC-V is little-endian; the codec converts explicitly, so
// it is also correct on a big-endian host). Every field of the layout table is read or written;
// nothing else is.
//
// Bytes that belong to no field (alignment padding inside the structs, and the rest of each page
// after the structs) are padding. The kernel never writes them, so on a real system they are zero.
// Decode does not fail on non-zero padding: it reports the runs, so the caller can tell a corrupt
// or mislabelled image from a good one, and the field-sensitivity map (Layout::FieldAt) can tell
// fields from padding. Encode writes padding as zero.
//
// Round trips: for any buffer whose padding is zero, Encode(Decode(b)) == b. For any state whose
// Validate() reports no kAbsentFieldNonZero, Decode(Encode(s)) == s.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref {

class ArchModel;

// A run of bytes within one page.
struct ByteRange {
  std::uint32_t page = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

struct DecodedVvar {
  VvarState state;  // state.layout is the variant decoded with
  // Maximal runs of non-zero padding bytes, in page/offset order. Empty for kernel-written pages.
  std::vector<ByteRange> nonzero_padding;
};

// Decodes the vvar mapping `bytes` laid out as `variant`. Fields the generation does not have
// stay zero in the state.
// Errors: unknown generation or impossible variant (see FindLayout); `bytes` not exactly
// page_count * kPageSize long (the message gives both sizes). Never reads outside `bytes`.
Result<DecodedVvar> DecodeVvar(std::span<const std::uint8_t> bytes, LayoutVariant variant);

// Encodes `state` as the page_count * kPageSize byte image of state.layout.
// Errors: unknown generation or impossible variant; a model member the generation does not have
// is non-zero (it would be silently lost; the message names it, e.g. "time.clock[0].max_cycles"
// for a layout without overflow protection). Other anomalies (shift >= 64, unknown clock_mode)
// are encoded as given: they are exactly the states the fuzzers want to show the vDSO.
Result<std::vector<std::uint8_t>> EncodeVvar(const VvarState& state);

enum class AnomalyKind : std::uint8_t {
  kUnknownLayout,       // state.layout is not a layout FindLayout knows
  kAbsentFieldNonZero,  // a member this generation has no field for is non-zero
  kShiftTooLarge,       // clock shift >= 64: the vDSO's `ns >> shift` is undefined in C
  kUnknownClockMode,    // clock_mode not NONE, TIMENS or one of the architecture's own modes
  kNotBoolean,          // is_ready and the architecture's flags: the kernel writes only 0 or 1
};

struct Anomaly {
  AnomalyKind kind;
  std::string member;  // model member name: "timens.clock[1].shift", "arch.ready"
  std::uint64_t value = 0;
  std::string message;  // one line, names the member, its value and the rule
};

// Lists every value in `state` that a kernel of state.layout could not have written (checked
// fields: all clocks' shift and clock_mode, the rng and architecture booleans; plus every absent
// member that is non-zero). Empty means plausible, not proven kernel-written. For an unknown layout
// the only entry is kUnknownLayout. `arch` gives the layout and the clock modes; without it, the
// architecture of the calls that name none (ArchOfUnnamedCalls, arch_model.h).
std::vector<Anomaly> Validate(const VvarState& state);
std::vector<Anomaly> Validate(const VvarState& state, const ArchModel& arch);

// "absent-field-non-zero" etc., for reports.
std::string_view AnomalyKindName(AnomalyKind kind);

}  // namespace vdsoconf::ref
