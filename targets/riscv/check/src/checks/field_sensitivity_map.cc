#include "field_sensitivity_map.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

#include "vdsoconf/riscv/check/call_builders.h"

namespace vdsoconf::riscv::check {

std::string SensitivityCall::Label() const {
  switch (entry) {
    case Entry::kClockGettime:
      return "clock_gettime(" + ref::ClockIdName(clock_id) + ")";
    case Entry::kClockGetres:
      return "clock_getres(" + ref::ClockIdName(clock_id) + ")";
    case Entry::kGettimeofday:
      break;
  }
  return "gettimeofday(tv, tz)";
}

const char* SensitivityCall::Symbol() const {
  switch (entry) {
    case Entry::kClockGettime:
      return "__vdso_clock_gettime";
    case Entry::kClockGetres:
      return "__vdso_clock_getres";
    case Entry::kGettimeofday:
      break;
  }
  return "__vdso_gettimeofday";
}

std::vector<SensitivityCall> SensitivityCalls() {
  using Entry = SensitivityCall::Entry;
  std::vector<SensitivityCall> calls;
  for (const std::int32_t id : {ref::kClockRealtime, ref::kClockMonotonic, ref::kClockMonotonicRaw,
                                ref::kClockRealtimeCoarse, ref::kClockMonotonicCoarse,
                                ref::kClockBoottime, ref::kClockTai}) {
    calls.push_back({Entry::kClockGettime, id});
  }
  calls.push_back({Entry::kClockGetres, ref::kClockMonotonic});
  calls.push_back({Entry::kClockGetres, ref::kClockMonotonicCoarse});
  calls.push_back({Entry::kGettimeofday, 0});
  return calls;
}

std::optional<ExpectedCall> PredictSensitivityCall(const SensitivityCall& call,
                                                   const ref::VvarState& state,
                                                   std::uint64_t counter,
                                                   const ref::ReaderPolicy& policy, bool describe) {
  ref::StaticSource source(state, counter);
  using Entry = SensitivityCall::Entry;
  std::optional<ExpectedCall> expected(std::in_place);
  if (call.entry == Entry::kGettimeofday) {
    const ref::GettimeofdayResult model = ref::Gettimeofday(source, true, true, policy);
    if (model.stats.division_iterations > kMaxDivisionIterations ||
        !FillGettimeofday(model, true, true, *expected)) {
      return std::nullopt;
    }
    if (describe) expected->model = ref::Describe(model);
    return expected;
  }
  const ref::ClockResult model = call.entry == Entry::kClockGettime
                                     ? ref::ClockGettime(source, call.clock_id, policy)
                                     : ref::ClockGetres(source, call.clock_id, true, policy);
  if (model.stats.division_iterations > kMaxDivisionIterations ||
      !FillClockCall(model, call.clock_id, true, *expected)) {
    return std::nullopt;
  }
  if (describe) expected->model = ref::Describe(model);
  return expected;
}

CallRequest SensitivityRequest(const SensitivityCall& call, std::uint64_t entry,
                               std::uint64_t counter) {
  CallRequest request = call.entry == SensitivityCall::Entry::kGettimeofday
                            ? GettimeofdayCall(entry, true, true, counter)
                            : ClockCall(entry, call.clock_id, true, counter);
  // A flipped seq makes a correct reader spin: the model predicts that hang. No writer changes
  // the vvar during these runs, so a reader that has paused a thousand times in its seqlock wait
  // (~0.3 ms under qemu-user) spins forever: the executor ends it then. A short watchdog ends
  // the spins of images whose wait does not pause (6.1). Spins are most of this check's time.
  request.watchdog = std::chrono::milliseconds(5);
  request.spin_pauses = 1000;
  return request;
}

std::string Perturbation::Describe() const {
  return zero ? "set to 0" : "xor 0xff";
}

std::vector<Perturbation> PlanPerturbations(const ref::Layout& layout,
                                            const std::vector<std::uint8_t>& bytes) {
  std::vector<Perturbation> plan;
  for (std::uint32_t page = 0; page < layout.page_count; ++page) {
    std::uint32_t offset = 0;
    while (offset < ref::kPageSize) {
      const std::uint32_t at = page * ref::kPageSize + offset;
      if (layout.FieldAt(page, offset) != nullptr) {
        plan.push_back({at, 1, false, false});
        if (at < bytes.size() && bytes[at] != 0) plan.push_back({at, 1, false, true});
        ++offset;
        continue;
      }
      std::uint32_t length = 1;
      while (length < kPaddingRun && offset + length < ref::kPageSize &&
             layout.FieldAt(page, offset + length) == nullptr) {
        ++length;
      }
      plan.push_back({at, length, true, false});
      offset += length;
    }
  }
  return plan;
}

protocol::VvarPatch PatchOf(const Perturbation& p) {
  const std::uint8_t mask = p.zero ? 0 : 0xff;
  return {p.offset, static_cast<std::uint16_t>(p.length), mask, mask};
}

std::vector<std::uint8_t> Perturbed(const std::vector<std::uint8_t>& bytes, const Perturbation& p) {
  std::vector<std::uint8_t> out = bytes;
  for (std::uint32_t i = 0; i < p.length; ++i) {
    std::uint8_t& byte = out.at(p.offset + i);
    byte = p.zero ? std::uint8_t{0} : static_cast<std::uint8_t>(byte ^ 0xff);
  }
  return out;
}

std::optional<ref::VvarState> PerturbedState(const ref::Layout& layout, const ref::VvarState& state,
                                             const std::vector<std::uint8_t>& bytes,
                                             const Perturbation& p) {
  if (p.padding) return std::nullopt;
  const ref::LayoutField* field =
      layout.FieldAt(p.offset / ref::kPageSize, p.offset % ref::kPageSize);
  if (field == nullptr) return std::nullopt;
  // The field's bytes with the run applied (not a copy of all pages: this runs once per
  // perturbation).
  const std::uint32_t at = field->page * ref::kPageSize + field->offset;
  std::uint64_t value = 0;
  for (std::uint32_t i = 0; i < field->size; ++i) {
    std::uint8_t byte = bytes.at(at + i);
    if (at + i >= p.offset && at + i < p.offset + p.length) {
      byte = p.zero ? std::uint8_t{0} : static_cast<std::uint8_t>(byte ^ 0xff);
    }
    value |= std::uint64_t{byte} << (8 * i);
  }
  ref::VvarState out = state;
  std::visit(
      [value](auto* member) {
        *member = static_cast<std::remove_pointer_t<decltype(member)>>(value);
      },
      field->bind(out));
  return out;
}

bool SameObservation(const CallResult& a, const CallResult& b) {
  if (a.outcome != b.outcome) return false;
  if (a.outcome == protocol::Outcome::kHang) return true;
  if (a.outcome == protocol::Outcome::kFault) return a.fault_pc_offset == b.fault_pc_offset;
  if (a.return_value != b.return_value || a.counter_reads != b.counter_reads) return false;
  if (a.ecalls.size() != b.ecalls.size()) return false;
  for (std::size_t i = 0; i < a.ecalls.size(); ++i) {
    if (a.ecalls[i].number != b.ecalls[i].number) return false;
  }
  return a.buffers == b.buffers;
}

bool SameExpectation(const ExpectedCall& a, const ExpectedCall& b) {
  return a.path == b.path && a.return_value == b.return_value && a.syscall == b.syscall &&
         a.buffers == b.buffers && a.counter_reads == b.counter_reads;
}

std::string_view SensitivityFindingName(SensitivityFinding finding) {
  switch (finding) {
    case SensitivityFinding::kUnexpectedRead:
      return "unexpected read";
    case SensitivityFinding::kMissingRead:
      return "missing read";
    case SensitivityFinding::kWrongValue:
      break;
  }
  return "wrong value";
}

std::string ByteName(const ref::Layout& layout, std::uint32_t offset) {
  const std::uint32_t page = offset / ref::kPageSize;
  const std::uint32_t in_page = offset % ref::kPageSize;
  if (const ref::LayoutField* field = layout.FieldAt(page, in_page)) return field->name;
  char text[48];
  std::snprintf(text, sizeof text, "padding page %u +0x%x", page, in_page);
  return text;
}

SensitivityMap JudgeSensitivity(const ref::Layout& layout, const ExpectedCall& baseline_model,
                                const CallResult& baseline_image,
                                const std::vector<PerturbationOutcome>& outcomes) {
  SensitivityMap map;
  std::set<std::string> read;
  for (const PerturbationOutcome& outcome : outcomes) {
    if (!outcome.model) {
      ++map.unjudged;
      continue;
    }
    ++map.judged;
    const bool model_changed = !SameExpectation(*outcome.model, baseline_model);
    const std::string name = ByteName(layout, outcome.perturbation.offset);
    if (!outcome.image) {  // the image agreed with the model exactly
      if (model_changed) read.insert(name);
      continue;
    }
    const bool image_changed = !SameObservation(*outcome.image, baseline_image);
    const std::string diff = CompareCall(*outcome.image, *outcome.model);
    if (diff.empty()) {
      if (model_changed) read.insert(name);
      continue;
    }
    SensitivityDivergence divergence;
    divergence.finding = image_changed && !model_changed   ? SensitivityFinding::kUnexpectedRead
                         : model_changed && !image_changed ? SensitivityFinding::kMissingRead
                                                           : SensitivityFinding::kWrongValue;
    divergence.perturbation = outcome.perturbation;
    divergence.field = name;
    divergence.detail = diff;
    map.divergences.push_back(std::move(divergence));
  }
  map.fields_read.assign(read.begin(), read.end());
  return map;
}

}  // namespace vdsoconf::riscv::check
