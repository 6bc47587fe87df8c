#include "vdsoconf/live/stress_seqlock_checks.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "vdsoconf/live/check_builders.h"
#include "vdsoconf/live/stress_writer_invariants.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::live {
namespace {

constexpr std::int64_t kRestoreToleranceNs = 5000000;

std::string ProbeName(const ProbeDocument& stress) {
  return stress.probe;
}

const nlohmann::json& Readers(const nlohmann::json& data) {
  const nlohmann::json& readers = Member(data, "readers", "stress.seqlock.data");
  if (!readers.is_array()) throw ProbeDataError("stress.seqlock.data.readers: expected an array");
  return readers;
}

std::string ReaderPath(std::size_t index) {
  return "stress.seqlock.data.readers[" + std::to_string(index) + "]";
}

// The per-reader evidence: "seqlock_retries" (retries + odd-seq events, one number per reader
// thread: the shape the HTML report plots, reports/SCHEMA.md) and "seqlock_readers" with each
// reader's counts.
nlohmann::json ReaderEvidence(const nlohmann::json& data) {
  nlohmann::json retries = nlohmann::json::array();
  nlohmann::json details = nlohmann::json::array();
  const nlohmann::json& readers = Readers(data);
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const std::string path = ReaderPath(i);
    const std::uint64_t retry_count = U64(readers[i], "retries", path);
    const std::uint64_t odd_seq = U64(readers[i], "odd_seq", path);
    retries.push_back(retry_count + odd_seq);
    details.push_back({{"reader", i},
                       {"cpu", I64(readers[i], "cpu", path)},
                       {"pinned", Bool(readers[i], "pinned", path)},
                       {"sections", U64(readers[i], "sections", path)},
                       {"odd_seq", odd_seq},
                       {"retries", retry_count}});
  }
  return {{"seqlock_retries", retries}, {"seqlock_readers", details}};
}

std::string Join(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& problem : problems) message += (message.empty() ? "" : "; ") + problem;
  return message;
}

bool Unusable(const ProbeDocument* stress) {
  return stress == nullptr || stress->status != "ok";
}

}  // namespace

reports::CheckResult CheckSeqlockWriter(const ProbeDocument* stress) {
  const std::string id = "stress.seqlock.writer";
  if (Unusable(stress)) return ProbeDidNotFinish(id, stress, "stress.seqlock");
  try {
    const nlohmann::json& writer = Member(stress->data, "writer", "stress.seqlock.data");
    const std::string path = "stress.seqlock.data.writer";
    const std::uint64_t steps = U64(writer, "steps", path);
    const std::uint64_t frequency_changes = U64(writer, "frequency_changes", path);
    const std::uint64_t slews = U64(writer, "slews", path);
    const std::uint64_t errors = U64(writer, "errors", path);
    const std::int64_t restore_error = I64(writer, "restore_error_ns", path);
    nlohmann::json evidence = {
        {"duration_ms", U64(stress->data, "duration_ms", "stress.seqlock.data")},
        {"harts", I64(stress->data, "harts", "stress.seqlock.data")},
        {"writer", writer}};
    evidence.update(ReaderEvidence(stress->data));
    std::vector<std::string> problems;
    if (steps == 0 || frequency_changes == 0 || slews == 0) {
      problems.push_back("the writer made " + std::to_string(steps) + " steps, " +
                         std::to_string(frequency_changes) + " frequency changes and " +
                         std::to_string(slews) + " slews; each must be at least 1");
    }
    if (errors != 0) {
      problems.push_back(std::to_string(errors) + " writer calls failed, the first: " +
                         writer.value("first_error", nlohmann::json()).dump());
    }
    if (std::llabs(restore_error) > kRestoreToleranceNs) {
      problems.push_back("REALTIME - MONOTONIC is " + std::to_string(restore_error) +
                         " ns off after the restore (tolerance " +
                         std::to_string(kRestoreToleranceNs) + " ns)");
    }
    if (problems.empty()) {
      return Pass(id,
                  std::to_string(steps) + " steps, " + std::to_string(frequency_changes) +
                      " frequency changes, " + std::to_string(slews) + " slews; restored within " +
                      std::to_string(restore_error) + " ns",
                  evidence);
    }
    return Fail(id, Join(problems), evidence,
                {{"probe", ProbeName(*stress)},
                 {"inputs", {{"duration_ms", evidence["duration_ms"]}}},
                 {"expected", "steps, frequency changes and slews without errors; restored"},
                 {"observed", writer}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

reports::CheckResult CheckSeqlockMonotonic(const ProbeDocument* stress) {
  const std::string id = "stress.seqlock.monotonic";
  if (Unusable(stress)) return ProbeDidNotFinish(id, stress, "stress.seqlock");
  try {
    const nlohmann::json& readers = Readers(stress->data);
    std::vector<std::string> problems;
    nlohmann::json failing = nlohmann::json::array();
    nlohmann::json per_reader = nlohmann::json::array();
    std::uint64_t total_checked = 0;
    for (std::size_t r = 0; r < readers.size(); ++r) {
      const nlohmann::json& clocks = Member(readers[r], "clocks", ReaderPath(r));
      if (!clocks.is_array()) throw ProbeDataError(ReaderPath(r) + ".clocks: expected an array");
      std::uint64_t reader_checked = 0;
      nlohmann::json summary = nlohmann::json::array();
      for (std::size_t c = 0; c < clocks.size(); ++c) {
        const std::string path = ReaderPath(r) + ".clocks[" + std::to_string(c) + "]";
        const nlohmann::json& clock = clocks[c];
        const std::int64_t clock_id = I64(clock, "clock", path);
        const std::uint64_t backwards = U64(clock, "backwards", path);
        const std::uint64_t vdso_errors = U64(clock, "vdso_errors", path);
        const std::uint64_t syscall_errors = U64(clock, "syscall_errors", path);
        const std::uint64_t checked = U64(clock, "checked", path);
        reader_checked += checked;
        summary.push_back({{"clock", clock_id},
                           {"checked", checked},
                           {"vdso_calls", U64(clock, "vdso_calls", path)},
                           {"syscall_calls", U64(clock, "syscall_calls", path)},
                           {"backwards", backwards}});
        const std::string where =
            "reader " + std::to_string(r) + " clock " + std::to_string(clock_id);
        if (backwards != 0) {
          const nlohmann::json& worst = Member(clock, "worst", path);
          problems.push_back(where + " went backwards " + std::to_string(backwards) +
                             " times (worst " + std::to_string(I64(worst, "delta_ns", path)) +
                             " ns via " + Str(worst, "via", path) + ")");
          failing.push_back({{"reader", r}, {"clock", clock_id}, {"worst", worst}});
        }
        if (vdso_errors != 0 || syscall_errors != 0) {
          problems.push_back(where + ": " + std::to_string(vdso_errors) + " vDSO and " +
                             std::to_string(syscall_errors) + " syscall reads failed");
          failing.push_back({{"reader", r},
                             {"clock", clock_id},
                             {"vdso_errors", vdso_errors},
                             {"syscall_errors", syscall_errors}});
        }
      }
      if (reader_checked == 0) return Error(id, "reader " + std::to_string(r) + " checked nothing");
      total_checked += reader_checked;
      per_reader.push_back(summary);
    }
    if (readers.empty()) return Error(id, "no reader threads reported");
    nlohmann::json evidence = {{"readers", per_reader}};
    evidence.update(ReaderEvidence(stress->data));
    if (problems.empty()) {
      return Pass(id,
                  std::to_string(total_checked) + " reads on " + std::to_string(readers.size()) +
                      " harts, none went backwards",
                  evidence);
    }
    return Fail(id, Join(problems), evidence,
                {{"probe", ProbeName(*stress)},
                 {"inputs", {{"writer", stress->data.value("writer", nlohmann::json())}}},
                 {"expected", "every read >= every read that finished before it started"},
                 {"observed", failing}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

reports::CheckResult CheckSeqlockSnapshots(const ProbeDocument* stress,
                                           ref::LayoutVariant variant) {
  const std::string id = "stress.seqlock.snapshots";
  if (Unusable(stress)) return ProbeDidNotFinish(id, stress, "stress.seqlock");
  const auto layout = ref::FindLayout(variant);
  if (!layout.ok()) return Error(id, layout.error());
  try {
    const nlohmann::json& readers = Readers(stress->data);
    std::vector<std::string> problems;
    nlohmann::json failing = nlohmann::json::array();
    std::size_t judged = 0;
    for (std::size_t r = 0; r < readers.size(); ++r) {
      const nlohmann::json& snapshots = Member(readers[r], "snapshots", ReaderPath(r));
      if (!snapshots.is_array())
        throw ProbeDataError(ReaderPath(r) + ".snapshots: expected an array");
      std::uint32_t last_seq = 0;
      std::uint64_t last_cycle = 0;
      for (std::size_t s = 0; s < snapshots.size(); ++s) {
        const std::string path = ReaderPath(r) + ".snapshots[" + std::to_string(s) + "]";
        std::vector<std::uint8_t> bytes =
            DecodeSparseBytes(Member(snapshots[s], "page", path), path + ".page", ref::kPageSize);
        if (bytes.size() != ref::kPageSize) {
          throw ProbeDataError(path + ".page: " + std::to_string(bytes.size()) +
                               " bytes, expected one page");
        }
        bytes.resize(std::size_t{layout.value()->page_count} * ref::kPageSize, 0);
        const auto decoded = ref::DecodeVvar(bytes, variant);
        if (!decoded.ok()) return Error(id, path + " does not decode: " + decoded.error());
        const ref::VvarState& state = decoded.value().state;
        const std::uint64_t counter_after = U64(snapshots[s], "counter_after", path);
        std::vector<std::string> found = WriterInvariantViolations(state, counter_after);
        const std::uint64_t seq = U64(snapshots[s], "seq", path);
        const ref::VdsoClock& clock = state.time.clock[ref::kCsHresCoarse];
        if (clock.seq != seq) {
          found.push_back("copied seq " + std::to_string(clock.seq) + " != seq read around it " +
                          std::to_string(seq));
        }
        if (s > 0 && (clock.seq < last_seq ||
                      (clock.clock_mode != ref::kClockModeNone && clock.cycle_last < last_cycle))) {
          found.push_back("seq/cycle_last " + std::to_string(clock.seq) + "/" +
                          std::to_string(clock.cycle_last) + " below the previous copy's " +
                          std::to_string(last_seq) + "/" + std::to_string(last_cycle));
        }
        last_seq = clock.seq;
        last_cycle = clock.cycle_last;
        ++judged;
        for (const std::string& problem : found) problems.push_back(path + ": " + problem);
        if (!found.empty()) {
          failing.push_back(
              {{"snapshot", path}, {"violations", found}, {"page", snapshots[s]["page"]}});
        }
      }
    }
    nlohmann::json evidence = {{"layout", ref::LayoutVariantName(variant)},
                               {"snapshots_judged", judged}};
    evidence.update(ReaderEvidence(stress->data));
    if (judged == 0) return Error(id, "no consistent copy of the time page was reported");
    if (problems.empty()) {
      return Pass(id, std::to_string(judged) + " consistent copies satisfy the writer's invariants",
                  evidence);
    }
    return Fail(id, Join(problems), evidence,
                {{"probe", ProbeName(*stress)},
                 {"inputs", {{"layout", ref::LayoutVariantName(variant)}}},
                 {"expected", "update_vsyscall()'s invariants in every consistent copy"},
                 {"observed", failing}});
  } catch (const ProbeDataError& error) {
    return Error(id, error.what());
  }
}

}  // namespace vdsoconf::live
