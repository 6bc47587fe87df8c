// Validate: the values a kernel of the state's generation could not have written.
#include <set>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vvar_codec_model.h"

namespace vdsoconf::ref {
namespace {

using codec_internal::ModelMember;
using codec_internal::ReadRef;
using codec_internal::ValueRule;

const void* Address(const FieldRef& ref) {
  return std::visit([](auto* p) { return static_cast<const void*>(p); }, ref);
}

Anomaly Make(AnomalyKind kind, const ModelMember& m, std::uint64_t value, const std::string& rule,
             const std::string& layout_name) {
  return Anomaly{
      kind, m.name, value,
      m.name + " = " + std::to_string(value) + ": " + rule + " (layout " + layout_name + ")"};
}

bool KnownClockMode(const ArchModel& arch, std::uint64_t bits) {
  return IsKnownClockMode(arch, static_cast<std::int32_t>(static_cast<std::uint32_t>(bits)));
}

}  // namespace

std::string_view AnomalyKindName(AnomalyKind kind) {
  switch (kind) {
    case AnomalyKind::kUnknownLayout:
      return "unknown-layout";
    case AnomalyKind::kAbsentFieldNonZero:
      return "absent-field-non-zero";
    case AnomalyKind::kShiftTooLarge:
      return "shift-too-large";
    case AnomalyKind::kUnknownClockMode:
      return "unknown-clock-mode";
    case AnomalyKind::kNotBoolean:
      return "not-boolean";
  }
  return "unknown";
}

std::vector<Anomaly> Validate(const VvarState& state) {
  return Validate(state, ArchOfUnnamedCalls());
}

std::vector<Anomaly> Validate(const VvarState& state, const ArchModel& arch) {
  auto found = arch.FindLayout(state.layout);
  if (!found.ok()) {
    return {Anomaly{AnomalyKind::kUnknownLayout, "layout",
                    static_cast<std::uint64_t>(state.layout.generation), found.error()}};
  }
  const Layout& layout = *found.value();
  const std::string layout_name = LayoutVariantName(state.layout);
  // Only read through these references (see EncodeVvar).
  auto& readable = const_cast<VvarState&>(state);
  std::set<const void*> mapped;
  for (const LayoutField& f : layout.fields) mapped.insert(Address(f.bind(readable)));

  std::vector<Anomaly> anomalies;
  for (const ModelMember& m : codec_internal::ModelMembers(readable)) {
    const std::uint64_t value = ReadRef(m.ref);
    if (!mapped.count(Address(m.ref))) {
      if (value != 0) {
        anomalies.push_back(Make(AnomalyKind::kAbsentFieldNonZero, m, value,
                                 "the layout has no field for this member, it must be 0",
                                 layout_name));
      }
      continue;
    }
    switch (m.rule) {
      case ValueRule::kShift:
        if (value >= 64) {
          anomalies.push_back(Make(AnomalyKind::kShiftTooLarge, m, value,
                                   "a shift of 64 or more is undefined in the vDSO's C",
                                   layout_name));
        }
        break;
      case ValueRule::kClockMode:
        if (!KnownClockMode(arch, value)) {
          anomalies.push_back(
              Make(AnomalyKind::kUnknownClockMode, m, value,
                   std::string(arch.DisplayName()) + " clock_mode is " + KnownClockModesText(arch),
                   layout_name));
        }
        break;
      case ValueRule::kBoolean:
        if (value > 1) {
          anomalies.push_back(Make(AnomalyKind::kNotBoolean, m, value,
                                   "the kernel writes only 0 or 1", layout_name));
        }
        break;
      case ValueRule::kAny:
        break;
    }
  }
  return anomalies;
}

}  // namespace vdsoconf::ref
