#include "vdsoconf/live/stress_overflow_checks.h"

#include <algorithm>
#include <string>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/overflow.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::live {
namespace {

double Seconds(std::uint64_t ticks, std::uint64_t hz) {
  return hz == 0 ? 0.0 : static_cast<double>(ticks) / static_cast<double>(hz);
}

struct Sample {
  std::uint64_t counter = 0, cycle_last = 0;
  std::uint32_t seq = 0;
  bool consistent = false;
};

std::vector<Sample> ParseSamples(const nlohmann::json& data) {
  const nlohmann::json& rows = Member(data, "samples", "vvar.update_gaps.data");
  if (!rows.is_array()) throw ProbeDataError("vvar.update_gaps.data.samples: expected an array");
  std::vector<Sample> samples;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const nlohmann::json& row = rows[i];
    if (!row.is_array() || row.size() != 4 || !row[0].is_number_unsigned() ||
        !row[1].is_number_unsigned() || !row[2].is_number_unsigned() || !row[3].is_boolean()) {
      throw ProbeDataError("vvar.update_gaps.data.samples[" + std::to_string(i) +
                           "]: expected [counter, seq, cycle_last, consistent]");
    }
    samples.push_back({row[0].get<std::uint64_t>(), row[2].get<std::uint64_t>(),
                       static_cast<std::uint32_t>(row[1].get<std::uint64_t>()),
                       row[3].get<bool>()});
  }
  return samples;
}

}  // namespace

reports::CheckResult CheckMaxCycles(const std::vector<std::uint8_t>& bytes,
                                    ref::Generation generation, bool expect_max_cycles) {
  const std::string id = "overflow.max_cycles";
  const auto plain = ref::DecodeVvar(bytes, {generation, false});
  if (!plain.ok()) return Error(id, "the time page does not decode: " + plain.error());
  const ref::VdsoClock& raw = plain.value().state.time.clock[ref::kCsRaw];
  // Without the option the slot after cycle_last is the mask; with it, max_cycles.
  const std::uint64_t slot = raw.mask;
  nlohmann::json evidence = {{"generation", ref::GenerationName(generation)},
                             {"option_exists", ref::HasOverflowProtectOption(generation)},
                             {"slot_after_cycle_last", slot},
                             {"expected_present", expect_max_cycles}};
  std::optional<bool> present;
  // RISC-V's clocksource mask is CLOCKSOURCE_MASK(64); any mask is 2^n - 1.
  if (slot != 0 && (slot & (slot + 1)) == 0) present = false;
  if (ref::HasOverflowProtectOption(generation)) {
    const auto protect = ref::DecodeVvar(bytes, {generation, true});
    if (protect.ok()) {
      const ref::VdsoClock& p = protect.value().state.time.clock[ref::kCsRaw];
      const std::uint64_t model = ref::ClocksourceMaxCycles(p.mult, p.mask);
      evidence["if_present"] = {{"max_cycles", p.max_cycles}, {"mask", p.mask}, {"model", model}};
      if (!present && p.max_cycles != 0 && p.max_cycles == model) present = true;
    }
  }
  if (!present) {
    return Fail(id,
                "the slot after cycle_last (" + std::to_string(slot) +
                    ") is neither a mask nor the model's max_cycles",
                evidence,
                {{"probe", "vvar.dump"},
                 {"inputs", {{"generation", ref::GenerationName(generation)}}},
                 {"expected", expect_max_cycles ? "max_cycles" : "the mask"},
                 {"observed", slot}});
  }
  evidence["present"] = *present;
  if (*present == expect_max_cycles) {
    return Pass(id, *present ? "max_cycles present" : "no max_cycles (no overflow protection)",
                evidence);
  }
  return Fail(id,
              std::string("max_cycles is ") + (*present ? "present" : "absent") + ", expected " +
                  (expect_max_cycles ? "present" : "absent"),
              evidence,
              {{"probe", "vvar.dump"},
               {"inputs", {{"generation", ref::GenerationName(generation)}}},
               {"expected", expect_max_cycles},
               {"observed", *present}});
}

reports::CheckResult CheckUpdateGap(const ProbeDocument* gaps, const ref::VdsoTimePage& time,
                                    std::uint64_t timebase_hz) {
  const std::string id = "overflow.update_gap";
  if (gaps == nullptr || gaps->status != "ok")
    return ProbeDidNotFinish(id, gaps, "vvar.update_gaps");
  try {
    const std::vector<Sample> samples = ParseSamples(gaps->data);
    const ref::VdsoClock& hres = time.clock[ref::kCsHresCoarse];
    const ref::VdsoClock& raw = time.clock[ref::kCsRaw];
    std::uint64_t hres_base = 0;
    for (int base :
         {ref::kClockRealtime, ref::kClockMonotonic, ref::kClockBoottime, ref::kClockTai}) {
      hres_base = std::max(hres_base, hres.basetime[static_cast<std::size_t>(base)].nsec);
    }
    const ref::OverflowHorizon hres_horizon =
        ref::ComputeOverflowHorizon(hres.mult, hres.shift, hres_base, hres.mask);
    const ref::OverflowHorizon raw_horizon = ref::ComputeOverflowHorizon(
        raw.mult, raw.shift, raw.basetime[ref::kClockMonotonicRaw].nsec, raw.mask);
    const std::uint64_t horizon =
        std::min(hres_horizon.reachable ? hres_horizon.first_wrapping_delta : hres.mask,
                 raw_horizon.reachable ? raw_horizon.first_wrapping_delta : raw.mask);

    std::vector<std::string> problems;
    std::uint64_t longest_gap = 0, longest_age = 0, updates = 0, consistent = 0;
    const Sample* previous = nullptr;
    for (const Sample& sample : samples) {
      if (!sample.consistent) continue;
      ++consistent;
      const std::uint64_t age = sample.counter - sample.cycle_last;
      if (sample.cycle_last > sample.counter) {
        problems.push_back("cycle_last " + std::to_string(sample.cycle_last) +
                           " ahead of the counter " + std::to_string(sample.counter));
      } else {
        longest_age = std::max(longest_age, age);
      }
      if (previous != nullptr && sample.cycle_last != previous->cycle_last) {
        if (sample.cycle_last < previous->cycle_last) {
          problems.push_back("cycle_last went back from " + std::to_string(previous->cycle_last) +
                             " to " + std::to_string(sample.cycle_last));
        } else {
          ++updates;
          longest_gap = std::max(longest_gap, sample.cycle_last - previous->cycle_last);
        }
      }
      previous = &sample;
    }
    if (consistent == 0) problems.push_back("no sample saw an even, stable seq");
    const std::uint64_t longest = std::max(longest_gap, longest_age);
    const nlohmann::json evidence = {
        {"samples", samples.size()},
        {"consistent_samples", consistent},
        {"updates_seen", updates},
        {"longest_update_gap_ticks", longest_gap},
        {"longest_data_age_ticks", longest_age},
        {"longest_s", Seconds(longest, timebase_hz)},
        {"timebase_hz", timebase_hz},
        {"horizon_ticks", horizon},
        {"horizon_s", Seconds(horizon, timebase_hz)},
        {"hres",
         {{"mult", hres.mult},
          {"shift", hres.shift},
          {"base", hres_base},
          {"reachable", hres_horizon.reachable}}},
        {"raw", {{"mult", raw.mult}, {"shift", raw.shift}, {"reachable", raw_horizon.reachable}}}};
    if (longest > horizon / 2) {
      problems.push_back("the data went " + std::to_string(longest) +
                         " ticks without an update, more than half the overflow horizon " +
                         std::to_string(horizon));
    }
    if (problems.empty()) {
      return Pass(id,
                  "longest gap " + std::to_string(Seconds(longest, timebase_hz)) +
                      " s, overflow horizon " + std::to_string(Seconds(horizon, timebase_hz)) +
                      " s",
                  evidence);
    }
    std::string message;
    for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
    return Fail(id, message, evidence,
                {{"probe", "vvar.update_gaps"},
                 {"inputs", {{"mult", hres.mult}, {"shift", hres.shift}, {"mask", hres.mask}}},
                 {"expected", "updates within half of " + std::to_string(horizon) + " ticks"},
                 {"observed", gaps->data["samples"]}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

}  // namespace vdsoconf::live
