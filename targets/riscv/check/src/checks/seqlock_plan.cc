#include "seqlock_plan.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <variant>

#include "seqlock_mirror_source.h"

namespace vdsoconf::riscv::check {
namespace {

using ref::ClockIdClass;

// Every clock id a vDSO reads under the seqlock (aux clocks are left to the comparison checks:
// whether they are read at all is a build option).
constexpr std::int32_t kSeqlockClockIds[] = {ref::kClockRealtime,
                                             ref::kClockMonotonic,
                                             ref::kClockMonotonicRaw,
                                             ref::kClockRealtimeCoarse,
                                             ref::kClockMonotonicCoarse,
                                             ref::kClockBoottime,
                                             ref::kClockTai};

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// Builds the injections of one scenario against a private copy of the state, so that each
// write's value is absolute (what the field holds after the writer acted).
class ScenarioBuilder {
 public:
  ScenarioBuilder(const ref::Layout& layout, const ref::VvarState& state, std::uint8_t page, int cs,
                  int clock_id)
      : layout_(layout), state_(state), page_(page), cs_(cs), clock_id_(clock_id) {}

  ref::VdsoClock& Clock() { return page_ == 0 ? state_.time.clock[cs_] : state_.timens.clock[cs_]; }

  void Write(protocol::Trigger trigger, std::uint32_t nth, void* member, std::uint64_t value) {
    std::string field;
    Injection injection;
    injection.trigger = trigger;
    injection.nth = nth;
    injection.write = WriteField(layout_, state_, member, value, &field);
    scenario_.injections.push_back(std::move(injection));
    scenario_.notes.push_back(
        std::string(trigger == protocol::Trigger::kPause ? "pause#" : "counter#") +
        std::to_string(nth) + ": " + field + "=" + Hex(value));
  }
  // A seq written into the baseline before the call.
  void Setup(std::uint32_t seq) {
    std::string field;
    scenario_.setup.push_back(WriteField(layout_, state_, &Clock().seq, seq, &field));
    scenario_.notes.push_back("before the call: " + field + "=" + Hex(seq));
    Clock().seq = seq;
  }
  void SetSeq(protocol::Trigger trigger, std::uint32_t nth, std::uint32_t seq) {
    Write(trigger, nth, &Clock().seq, seq);
    Clock().seq = seq;
  }
  // What a timekeeper update changes: the base of this clock (seconds and shifted nanoseconds)
  // and, for counter-based clocks, cycle_last.
  void SetData(protocol::Trigger trigger, std::uint32_t nth, bool counter_based) {
    ref::VdsoTimestamp& base = Clock().basetime[static_cast<std::size_t>(clock_id_)];
    const std::uint64_t sec = base.sec + 1000 + nth;
    const std::uint64_t nsec = base.nsec + 0x1000000;
    Write(trigger, nth, &base.sec, sec);
    Write(trigger, nth, &base.nsec, nsec);
    base.sec = sec;
    base.nsec = nsec;
    if (counter_based) {
      const std::uint64_t last = Clock().cycle_last + 100;
      Write(trigger, nth, &Clock().cycle_last, last);
      Clock().cycle_last = last;
    }
  }

  SeqlockScenario Take(std::string name, std::vector<std::uint64_t> counters) {
    scenario_.name = std::move(name);
    scenario_.clock_id = clock_id_;
    scenario_.counters = std::move(counters);
    return std::move(scenario_);
  }

 private:
  const ref::Layout& layout_;
  ref::VvarState state_;
  std::uint8_t page_;
  int cs_;
  int clock_id_;
  SeqlockScenario scenario_;
};

}  // namespace

VvarWrite WriteField(const ref::Layout& layout, ref::VvarState& state, const void* member,
                     std::uint64_t value, std::string* field_name) {
  for (const ref::LayoutField& field : layout.fields) {
    const void* bound = std::visit([](auto* p) -> const void* { return p; }, field.bind(state));
    if (bound != member) continue;
    VvarWrite write;
    write.offset = field.page * ref::kPageSize + field.offset;
    for (std::uint32_t i = 0; i < field.size; ++i) {
      write.bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    if (field_name) *field_name = field.name;
    return write;
  }
  throw std::invalid_argument("no field of layout " + ref::LayoutVariantName(layout.variant) +
                              " is at that member");
}

std::vector<SeqlockScenario> BuildSeqlockScenarios(const ref::Layout& layout,
                                                   const ref::VvarState& state,
                                                   const ref::ReaderPolicy& policy,
                                                   std::uint32_t max_counter_read) {
  using protocol::Trigger;
  // A task in a time namespace reads its seq from the real page, page 1.
  const bool timens = policy.time_namespaces &&
                      state.time.clock[0].clock_mode == ref::kClockModeTimens &&
                      (state.time.clock[0].seq & 1u) != 0;
  const std::uint8_t page = timens ? 1 : 0;
  std::vector<SeqlockScenario> scenarios;
  for (const std::int32_t id : kSeqlockClockIds) {
    const ClockIdClass kind = ref::ClassifyClockId(policy.generation, id);
    const int cs = kind == ClockIdClass::kRaw ? ref::kCsRaw : ref::kCsHresCoarse;
    const ref::VdsoClock& clock = page == 0 ? state.time.clock[cs] : state.timens.clock[cs];
    // Not readable (falls back before any seqlock work), or a writer already busy.
    if (clock.clock_mode == ref::kClockModeNone || (clock.seq & 1u) != 0) continue;
    const bool counter_based = kind == ClockIdClass::kHres || kind == ClockIdClass::kRaw;
    const std::uint32_t seq0 = clock.seq;
    // Distinct counters, so the answer shows which counter read it used.
    std::vector<std::uint64_t> counters;
    for (std::uint64_t i = 1; i <= max_counter_read + 2; ++i) {
      counters.push_back(clock.cycle_last + 10007 * i);
    }
    if (counter_based) {
      for (std::uint32_t n = 1; n <= max_counter_read; ++n) {
        for (const char* action : {"odd", "bump", "write", "torn"}) {
          ScenarioBuilder b(layout, state, page, cs, id);
          std::uint32_t seq = seq0;
          for (std::uint32_t before = 1; before < n; ++before) {
            seq += 2;
            b.SetSeq(Trigger::kCounterRead, before, seq);
          }
          const std::string name = std::string(action) + "-" + std::to_string(n);
          if (name.starts_with("odd")) {
            b.SetSeq(Trigger::kCounterRead, n, seq + 1);
            b.SetSeq(Trigger::kPause, 1, seq + 2);
            b.SetData(Trigger::kPause, 1, true);
          } else if (name.starts_with("bump")) {
            b.SetSeq(Trigger::kCounterRead, n, seq + 2);
          } else if (name.starts_with("write")) {
            b.SetSeq(Trigger::kCounterRead, n, seq + 2);
            b.SetData(Trigger::kCounterRead, n, true);
          } else {
            b.SetData(Trigger::kCounterRead, n, true);
          }
          scenarios.push_back(b.Take(name, counters));
        }
      }
    }
    for (std::uint32_t m = 1; m <= 3; ++m) {
      ScenarioBuilder spin(layout, state, page, cs, id);
      // The call starts with an odd seq (a writer is busy), finished at the mth pause.
      spin.Setup(seq0 + 1);
      spin.SetSeq(Trigger::kPause, m, seq0 + 2);
      spin.SetData(Trigger::kPause, m, counter_based);
      scenarios.push_back(spin.Take("spin-" + std::to_string(m), counters));
    }
  }
  return scenarios;
}

namespace {
std::vector<std::uint8_t> WithSetup(const SeqlockScenario& scenario,
                                    std::span<const std::uint8_t> vvar) {
  std::vector<std::uint8_t> bytes(vvar.begin(), vvar.end());
  for (const VvarWrite& write : scenario.setup) {
    if (write.offset + write.bytes.size() > bytes.size()) {
      throw std::invalid_argument("seqlock setup write past the vvar");
    }
    std::copy(write.bytes.begin(), write.bytes.end(), bytes.begin() + write.offset);
  }
  return bytes;
}
}  // namespace

SeqlockPrediction PredictSeqlock(const SeqlockScenario& scenario,
                                 std::span<const std::uint8_t> vvar,
                                 const ref::ReaderPolicy& policy) {
  const std::vector<std::uint8_t> bytes = WithSetup(scenario, vvar);
  MirrorSource source(bytes, {policy.generation, policy.overflow_protect}, scenario.injections,
                      scenario.counters, policy.time_namespaces);
  SeqlockPrediction prediction;
  prediction.model = ref::ClockGettime(source, scenario.clock_id, policy);
  // The scenarios never leave the model (no aux ids), so there always is a prediction.
  prediction.expected = ExpectClockCall(prediction.model, scenario.clock_id, true).value();
  if (prediction.model.outcome != ref::Outcome::kWouldSpin) {
    prediction.expected.counter_reads = source.counter_reads();
    prediction.pauses = source.pauses();
  }
  prediction.all_injections_reached = source.applied_injections() == scenario.injections.size();
  return prediction;
}

std::string CompareSeqlock(const SeqlockPrediction& prediction, const CallResult& observed) {
  std::string diff = CompareCall(observed, prediction.expected);
  if (prediction.pauses && observed.pauses != *prediction.pauses &&
      observed.outcome == protocol::Outcome::kReturned) {
    if (!diff.empty()) diff += "; ";
    diff += "pauses: image " + std::to_string(observed.pauses) + ", model " +
            std::to_string(*prediction.pauses);
  }
  if (!prediction.all_injections_reached) {
    if (!diff.empty()) diff += "; ";
    diff += "the model never reached every injection (a planning error)";
  }
  return diff;
}

CallRequest SeqlockRequest(const SeqlockScenario& scenario, std::uint64_t entry,
                           std::span<const std::uint8_t> vvar) {
  CallRequest call;
  call.entry_offset = entry;
  call.args = {Arg::Value(static_cast<std::uint64_t>(static_cast<std::int64_t>(scenario.clock_id))),
               Arg::OutputBuffer(16)};
  call.vvar_full = WithSetup(scenario, vvar);
  call.counter_values = scenario.counters;
  call.injections = scenario.injections;
  call.syscall_return = kSyscallSentinel;
  // Every scenario finishes after a few retries; a hang is a finding, not worth a long wait.
  call.watchdog = std::chrono::milliseconds(50);
  return call;
}

}  // namespace vdsoconf::riscv::check
