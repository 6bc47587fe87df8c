#include "vdsoconf/live/vvar_checks.h"

#include <algorithm>
#include <string>

#include "vdsoconf/live/check_builders.h"

namespace vdsoconf::live {
namespace {

using Int128 = __int128;
constexpr std::int64_t kNsPerSec = 1000000000;

struct BasetimeClock {
  const char* name;
  std::int32_t clock;
  int base;  // ref::kCsHresCoarse or ref::kCsRaw
  bool coarse;
};

constexpr BasetimeClock kBasetimeClocks[] = {
    {"realtime", ref::kClockRealtime, ref::kCsHresCoarse, false},
    {"monotonic", ref::kClockMonotonic, ref::kCsHresCoarse, false},
    {"boottime", ref::kClockBoottime, ref::kCsHresCoarse, false},
    {"tai", ref::kClockTai, ref::kCsHresCoarse, false},
    {"monotonic_raw", ref::kClockMonotonicRaw, ref::kCsRaw, false},
    {"realtime_coarse", ref::kClockRealtimeCoarse, ref::kCsHresCoarse, true},
    {"monotonic_coarse", ref::kClockMonotonicCoarse, ref::kCsHresCoarse, true},
};

// Floor division of a signed 128-bit value by 2^shift.
Int128 FloorShift(Int128 value, std::uint32_t shift) {
  const Int128 divisor = static_cast<Int128>(1) << shift;
  Int128 quotient = value / divisor;
  if (value % divisor != 0 && value < 0) --quotient;
  return quotient;
}

std::int64_t ToNs(std::int64_t sec, std::int64_t nsec) {
  return sec * kNsPerSec + nsec;
}

// The clock's value in ns at counter `counter` per the vvar clock base (signed: the counter may
// precede cycle_last when the copy is newer than the syscall).
std::int64_t ModelNs(const ref::VdsoClock& base, const ref::VdsoTimestamp& basetime,
                     std::uint64_t counter) {
  const std::uint32_t shift = std::min<std::uint32_t>(base.shift, 63);
  const Int128 base_shifted =
      (static_cast<Int128>(basetime.sec) * kNsPerSec << shift) + static_cast<Int128>(basetime.nsec);
  const Int128 delta = static_cast<Int128>(static_cast<std::int64_t>(counter - base.cycle_last));
  return static_cast<std::int64_t>(FloorShift(base_shifted + delta * base.mult, shift));
}

nlohmann::json ClockBaseJson(const ref::VdsoClock& base) {
  return {{"seq", base.seq},
          {"clock_mode", base.clock_mode},
          {"cycle_last", base.cycle_last},
          {"mask", base.mask},
          {"mult", base.mult},
          {"shift", base.shift}};
}

std::vector<std::size_t> QuietSnapshots(const VvarDump& dump) {
  std::vector<std::size_t> quiet;
  for (std::size_t i = 0; i < dump.snapshots.size(); ++i) {
    if (dump.snapshots[i].Quiet()) quiet.push_back(i);
  }
  return quiet;
}

reports::CheckResult CheckOneBasetime(const BasetimeClock& clock, const VvarDump& dump,
                                      const std::vector<ref::DecodedVvar>& decoded,
                                      const std::vector<std::size_t>& quiet) {
  const std::string id = std::string("vvar.basetime.") + clock.name;
  nlohmann::json samples = nlohmann::json::array();
  std::int64_t worst = 0;
  nlohmann::json worst_sample;
  const std::int64_t tolerance = clock.coarse ? 0 : kBasetimeToleranceNs;
  for (std::size_t index : quiet) {
    const ref::VdsoClock& base =
        decoded[index].state.time.clock[static_cast<std::size_t>(clock.base)];
    const ref::VdsoTimestamp& basetime = base.basetime[static_cast<std::size_t>(clock.clock)];
    if (!clock.coarse && base.clock_mode == ref::kClockModeNone) {
      return Skip(id, "clock_mode is NONE: the kernel does not maintain high-resolution basetimes",
                  {{"snapshot", index}, {"clock_base", ClockBaseJson(base)}});
    }
    const VvarSnapshot& snapshot = dump.snapshots[index];
    const ClockSample* before = VvarSnapshot::Find(snapshot.before, clock.clock);
    const ClockSample* after = VvarSnapshot::Find(snapshot.after, clock.clock);
    if (before == nullptr || after == nullptr || before->error != 0 || after->error != 0) {
      return Error(id, "no successful clock_gettime syscall sample around snapshot " +
                           std::to_string(index));
    }
    if (clock.coarse) {
      const std::int64_t value =
          ToNs(static_cast<std::int64_t>(basetime.sec), static_cast<std::int64_t>(basetime.nsec));
      const std::int64_t low = ToNs(before->sec, before->nsec),
                         high = ToNs(after->sec, after->nsec);
      const std::int64_t deviation = value < low ? low - value : value > high ? value - high : 0;
      nlohmann::json sample = {{"snapshot", index},
                               {"basetime_ns", value},
                               {"syscall_before_ns", low},
                               {"syscall_after_ns", high},
                               {"deviation_ns", deviation}};
      if (deviation >= worst) worst = deviation, worst_sample = sample;
      samples.push_back(std::move(sample));
      continue;
    }
    for (const ClockSample* syscall_sample : {before, after}) {
      const std::int64_t observed = ToNs(syscall_sample->sec, syscall_sample->nsec);
      const std::int64_t low = ModelNs(base, basetime, syscall_sample->counter_before) - 1;
      const std::int64_t high = ModelNs(base, basetime, syscall_sample->counter_after);
      const std::int64_t deviation = observed < low    ? low - observed
                                     : observed > high ? observed - high
                                                       : 0;
      nlohmann::json sample = {{"snapshot", index},
                               {"when", syscall_sample == before ? "before" : "after"},
                               {"syscall_ns", observed},
                               {"counter_before", syscall_sample->counter_before},
                               {"counter_after", syscall_sample->counter_after},
                               {"model_low_ns", low},
                               {"model_high_ns", high},
                               {"deviation_ns", deviation}};
      if (deviation >= worst) worst = deviation, worst_sample = sample;
      samples.push_back(std::move(sample));
    }
  }
  const std::size_t first = quiet.front();
  const ref::VdsoClock& first_base =
      decoded[first].state.time.clock[static_cast<std::size_t>(clock.base)];
  const ref::VdsoTimestamp& first_basetime =
      first_base.basetime[static_cast<std::size_t>(clock.clock)];
  nlohmann::json evidence = {
      {"clock_id", clock.clock},
      {"coarse", clock.coarse},
      {"tolerance_ns", tolerance},
      {"worst_deviation_ns", worst},
      {"basetime", {{"sec", first_basetime.sec}, {"nsec", first_basetime.nsec}}},
      {"clock_base", ClockBaseJson(first_base)},
      {"samples", samples}};
  if (worst <= tolerance) {
    return Pass(
        id,
        "basetime agrees with the clock_gettime syscall within " + std::to_string(worst) + " ns",
        evidence);
  }
  return Fail(
      id,
      "basetime is " + std::to_string(worst) +
          " ns away from the clock_gettime syscall "
          "(tolerance " +
          std::to_string(tolerance) + " ns)",
      evidence,
      {{"probe", "vvar.dump"},
       {"clock_id", clock.clock},
       {"inputs", {{"basetime", evidence["basetime"]}, {"clock_base", evidence["clock_base"]}}},
       {"expected", "syscall value within [model_low_ns, model_high_ns]"},
       {"observed", worst_sample}});
}

}  // namespace

reports::CheckResult CheckSeqEven(const VvarDump& dump) {
  const std::string id = "vvar.seq_even";
  nlohmann::json seqs = nlohmann::json::array();
  for (const SeqSample& sample : dump.seq_samples) seqs.push_back(sample.seq);
  nlohmann::json copies = nlohmann::json::array();
  for (const VvarSnapshot& snapshot : dump.snapshots) {
    copies.push_back({snapshot.copy_seq_before, snapshot.copy_seq_after});
  }
  nlohmann::json evidence = {{"seq_samples", seqs}, {"copy_seq_before_after", copies}};
  if (dump.seq_samples.size() < 2) return Error(id, "fewer than two seq samples", evidence);
  std::string problem;
  for (std::size_t i = 0; i + 1 < dump.seq_samples.size() && problem.empty(); ++i) {
    const std::uint32_t seq = dump.seq_samples[i].seq;
    if (seq % 2 == 1 && dump.seq_samples[i + 1].seq == seq) {
      problem = "seq stayed odd (" + std::to_string(seq) + ") across samples " + std::to_string(i) +
                " and " + std::to_string(i + 1) + ", " +
                std::to_string(dump.seq_samples[i + 1].counter - dump.seq_samples[i].counter) +
                " counter ticks apart";
    }
  }
  if (problem.empty() && dump.seq_samples.back().seq % 2 == 1) {
    problem = "the last seq sample is odd (" + std::to_string(dump.seq_samples.back().seq) + ")";
  }
  if (problem.empty()) return Pass(id, "seq even whenever the writer is idle", evidence);
  return Fail(id, problem, evidence,
              {{"probe", "vvar.dump"},
               {"inputs", "seq at vvar page 0 offset 0, sampled ~1 ms apart"},
               {"expected", "even, or odd for a single sample during an update"},
               {"observed", seqs}});
}

reports::CheckResult CheckCycleLastNotAhead(const VvarDump& dump,
                                            const std::vector<ref::DecodedVvar>& decoded) {
  const std::string id = "vvar.cycle_last_not_ahead";
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json offending;
  int compared = 0;
  for (std::size_t i = 0; i < decoded.size() && i < dump.snapshots.size(); ++i) {
    for (int base_index : {ref::kCsHresCoarse, ref::kCsRaw}) {
      const ref::VdsoClock& base =
          decoded[i].state.time.clock[static_cast<std::size_t>(base_index)];
      if (base.clock_mode == ref::kClockModeNone) continue;
      const std::uint64_t counter = dump.snapshots[i].copy_counter_after & base.mask;
      nlohmann::json row = {{"snapshot", i},
                            {"clock_base", base_index == ref::kCsRaw ? "raw" : "hres_coarse"},
                            {"cycle_last", base.cycle_last},
                            {"counter_after_copy", counter},
                            {"lag_ticks", static_cast<std::int64_t>(counter - base.cycle_last)}};
      ++compared;
      if (base.cycle_last > counter && offending.is_null()) offending = row;
      rows.push_back(std::move(row));
    }
  }
  nlohmann::json evidence = {{"comparisons", rows}};
  if (compared == 0) return Skip(id, "every clock base has clock_mode NONE", evidence);
  if (offending.is_null()) return Pass(id, "cycle_last never ahead of the counter", evidence);
  return Fail(id,
              "cycle_last " + offending["cycle_last"].dump() + " is ahead of the counter " +
                  offending["counter_after_copy"].dump() + " read after the copy",
              evidence,
              {{"probe", "vvar.dump"},
               {"expected", "cycle_last <= counter read after the copy"},
               {"observed", offending}});
}

std::vector<reports::CheckResult> CheckBasetimes(const VvarDump& dump,
                                                 const std::vector<ref::DecodedVvar>& decoded) {
  std::vector<reports::CheckResult> results;
  const std::vector<std::size_t> quiet = QuietSnapshots(dump);
  for (const BasetimeClock& clock : kBasetimeClocks) {
    const std::string id = std::string("vvar.basetime.") + clock.name;
    if (quiet.empty() || decoded.size() != dump.snapshots.size()) {
      results.push_back(Error(id, "no snapshot was copied while the seq was even and unchanged"));
      continue;
    }
    results.push_back(CheckOneBasetime(clock, dump, decoded, quiet));
  }
  return results;
}

reports::CheckResult CheckHrtimerRes(const VvarDump& dump,
                                     const std::vector<ref::DecodedVvar>& decoded) {
  const std::string id = "vvar.hrtimer_res";
  const ClockRes* monotonic = nullptr;
  for (const ClockRes& res : dump.clock_getres) {
    if (res.clock == ref::kClockMonotonic) monotonic = &res;
  }
  if (monotonic == nullptr || monotonic->error != 0 || decoded.empty()) {
    return Error(id, "no successful clock_getres(CLOCK_MONOTONIC) syscall or no snapshot");
  }
  const std::uint32_t in_vvar = decoded.front().state.time.tail[ref::kCsHresCoarse].hrtimer_res;
  const std::int64_t syscall_ns = ToNs(monotonic->sec, monotonic->nsec);
  const nlohmann::json evidence = {{"vvar_hrtimer_res", in_vvar},
                                   {"clock_getres_monotonic_ns", syscall_ns}};
  if (syscall_ns == static_cast<std::int64_t>(in_vvar)) {
    return Pass(id, "hrtimer_res equals clock_getres(CLOCK_MONOTONIC)", evidence);
  }
  return Fail(id,
              "hrtimer_res " + std::to_string(in_vvar) + " differs from clock_getres " +
                  std::to_string(syscall_ns) + " ns",
              evidence, {{"probe", "vvar.dump"}, {"expected", syscall_ns}, {"observed", in_vvar}});
}

reports::CheckResult CheckVvarPlausible(const std::vector<ref::DecodedVvar>& decoded) {
  const std::string id = "vvar.plausible";
  nlohmann::json anomalies = nlohmann::json::array();
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    for (const ref::Anomaly& anomaly : ref::Validate(decoded[i].state)) {
      anomalies.push_back({{"snapshot", i},
                           {"kind", ref::AnomalyKindName(anomaly.kind)},
                           {"member", anomaly.member},
                           {"value", anomaly.value},
                           {"message", anomaly.message}});
    }
    for (const ref::ByteRange& range : decoded[i].nonzero_padding) {
      anomalies.push_back({{"snapshot", i},
                           {"kind", "nonzero-padding"},
                           {"page", range.page},
                           {"offset", range.offset},
                           {"length", range.length}});
    }
  }
  const nlohmann::json evidence = {{"snapshots", decoded.size()}, {"anomalies", anomalies}};
  if (decoded.empty()) return Error(id, "no snapshot decoded", evidence);
  if (anomalies.empty())
    return Pass(id, "every decoded value is one a kernel could write", evidence);
  return Fail(id, std::to_string(anomalies.size()) + " implausible values or non-zero padding",
              evidence, {{"probe", "vvar.dump"}, {"observed", anomalies}});
}

}  // namespace vdsoconf::live
