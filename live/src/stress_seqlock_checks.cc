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

// How far REALTIME - MONOTONIC may end from where the restore put it, beyond what the
// measurement itself cannot tell apart (the windows the guest brackets its calls with).
constexpr std::int64_t kRestoreToleranceNs = 5000000;

std::string ProbeName(const ProbeDocument& stress) {
  return stress.probe;
}

// One run of the stress: the guest runs it again, longer, when a reader starved
// (stress_seqlock.h); every run is judged, the last one (the top-level members) decides what the
// harness could not.
struct Attempt {
  const nlohmann::json* data;
  std::string path;   // for messages about malformed data
  std::string label;  // "" when there was one run, else "run K of N: "
};

std::vector<Attempt> Attempts(const nlohmann::json& data) {
  std::vector<Attempt> attempts;
  const std::string base = "stress.seqlock.data";
  const auto earlier = data.find("earlier_attempts");
  const std::size_t count =
      1 + (earlier != data.end() && earlier->is_array() ? earlier->size() : 0);
  const auto label = [count](std::size_t k) {
    return count == 1 ? std::string()
                      : "run " + std::to_string(k) + " of " + std::to_string(count) + ": ";
  };
  for (std::size_t i = 0; i + 1 < count; ++i) {
    attempts.push_back(
        {&(*earlier)[i], base + ".earlier_attempts[" + std::to_string(i) + "]", label(i + 1)});
  }
  attempts.push_back({&data, base, label(count)});
  return attempts;
}

const nlohmann::json& Readers(const Attempt& attempt) {
  const nlohmann::json& readers = Member(*attempt.data, "readers", attempt.path);
  if (!readers.is_array()) throw ProbeDataError(attempt.path + ".readers: expected an array");
  return readers;
}

const nlohmann::json& Readers(const nlohmann::json& data) {
  return Readers(Attempt{&data, "stress.seqlock.data", ""});
}

std::string ReaderPath(const Attempt& attempt, std::size_t index) {
  return attempt.path + ".readers[" + std::to_string(index) + "]";
}

std::string ReaderPath(std::size_t index) {
  return ReaderPath(Attempt{nullptr, "stress.seqlock.data", ""}, index);
}

std::int64_t OptionalI64(const nlohmann::json& object, const char* key, std::int64_t otherwise) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : otherwise;
}

// The restore's verdict. The guest aims REALTIME - MONOTONIC at restore_target_ns; a stall
// between its MONOTONIC read and the kernel's set leaves REALTIME behind by up to the set
// window, and the final reading is exact to half its own window. So the kernel put REALTIME
// right iff the error lies in [-(set + measure/2), measure/2], give or take the tolerance.
// Documents from before the windows were reported have none: the plain tolerance applies.
std::string RestoreProblem(const nlohmann::json& writer, const std::string& path) {
  const std::int64_t error = I64(writer, "restore_error_ns", path);
  const std::int64_t set_window = OptionalI64(writer, "restore_set_window_ns", 0);
  const std::int64_t measure_window = OptionalI64(writer, "restore_measure_window_ns", 0);
  const std::int64_t low =
      -(std::max<std::int64_t>(set_window, 0) + measure_window / 2) - kRestoreToleranceNs;
  const std::int64_t high = measure_window / 2 + kRestoreToleranceNs;
  if (error >= low && error <= high) return "";
  return "REALTIME - MONOTONIC is " + std::to_string(error) +
         " ns off after the restore (allowed " + std::to_string(low) + ".." + std::to_string(high) +
         " ns: the set took " + std::to_string(set_window) + " ns, the reading's window " +
         std::to_string(measure_window) + " ns, tolerance " + std::to_string(kRestoreToleranceNs) +
         " ns)";
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
    std::vector<std::string> problems;
    nlohmann::json writers = nlohmann::json::array();
    for (const Attempt& attempt : Attempts(stress->data)) {
      const nlohmann::json& writer = Member(*attempt.data, "writer", attempt.path);
      const std::string path = attempt.path + ".writer";
      const std::uint64_t steps = U64(writer, "steps", path);
      const std::uint64_t frequency_changes = U64(writer, "frequency_changes", path);
      const std::uint64_t slews = U64(writer, "slews", path);
      const std::uint64_t errors = U64(writer, "errors", path);
      writers.push_back(writer);
      if (steps == 0 || frequency_changes == 0 || slews == 0) {
        problems.push_back(attempt.label + "the writer made " + std::to_string(steps) + " steps, " +
                           std::to_string(frequency_changes) + " frequency changes and " +
                           std::to_string(slews) + " slews; each must be at least 1");
      }
      if (errors != 0) {
        problems.push_back(attempt.label + std::to_string(errors) +
                           " writer calls failed, the first: " +
                           writer.value("first_error", nlohmann::json()).dump());
      }
      const std::string restore = RestoreProblem(writer, path);
      if (!restore.empty()) problems.push_back(attempt.label + restore);
    }
    const nlohmann::json& writer = Member(stress->data, "writer", "stress.seqlock.data");
    const std::string path = "stress.seqlock.data.writer";
    const std::uint64_t steps = U64(writer, "steps", path);
    const std::uint64_t frequency_changes = U64(writer, "frequency_changes", path);
    const std::uint64_t slews = U64(writer, "slews", path);
    const std::int64_t restore_error = I64(writer, "restore_error_ns", path);
    nlohmann::json evidence = {
        {"duration_ms", U64(stress->data, "duration_ms", "stress.seqlock.data")},
        {"harts", I64(stress->data, "harts", "stress.seqlock.data")},
        {"writer", writer}};
    if (writers.size() > 1) evidence["writers_of_every_run"] = writers;
    evidence.update(ReaderEvidence(stress->data));
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
    std::vector<std::string> problems;
    nlohmann::json failing = nlohmann::json::array();
    nlohmann::json per_reader = nlohmann::json::array();
    std::uint64_t total_checked = 0;
    std::vector<std::string> starved;  // readers of the last run that checked nothing
    const std::vector<Attempt> attempts = Attempts(stress->data);
    for (const Attempt& attempt : attempts) {
      const bool last = &attempt == &attempts.back();
      const nlohmann::json& readers = Readers(attempt);
      if (readers.empty()) return Error(id, attempt.label + "no reader threads reported");
      for (std::size_t r = 0; r < readers.size(); ++r) {
        const nlohmann::json& clocks = Member(readers[r], "clocks", ReaderPath(attempt, r));
        if (!clocks.is_array())
          throw ProbeDataError(ReaderPath(attempt, r) + ".clocks: expected an array");
        std::uint64_t reader_checked = 0;
        nlohmann::json summary = nlohmann::json::array();
        for (std::size_t c = 0; c < clocks.size(); ++c) {
          const std::string path = ReaderPath(attempt, r) + ".clocks[" + std::to_string(c) + "]";
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
              attempt.label + "reader " + std::to_string(r) + " clock " + std::to_string(clock_id);
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
        if (reader_checked == 0 && last) starved.push_back("reader " + std::to_string(r));
        total_checked += reader_checked;
        if (last) per_reader.push_back(summary);
      }
    }
    nlohmann::json evidence = {{"readers", per_reader},
                               {"runs", attempts.size()},
                               {"writer_ran_ms", stress->data.value("writer_ran_ms", 0)}};
    evidence.update(ReaderEvidence(stress->data));
    // A failure found by any run stands; only a clean last run with a starved reader could not
    // decide (a reader that never read cannot have seen a clock go back).
    if (problems.empty() && !starved.empty()) {
      std::string who;
      for (const std::string& reader : starved) who += (who.empty() ? "" : ", ") + reader;
      return Inconclusive(id,
                          who + " checked nothing in " + std::to_string(attempts.size()) +
                              " run(s) of the stress (the last " +
                              evidence["writer_ran_ms"].dump() +
                              " ms): the host gave its hart no time; nothing went backwards",
                          evidence);
    }
    if (problems.empty()) {
      return Pass(id,
                  std::to_string(total_checked) + " reads on " + std::to_string(per_reader.size()) +
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

reports::CheckResult CheckSeqlockSnapshots(const ProbeDocument* stress, ref::LayoutVariant variant,
                                           const ref::ArchModel* arch) {
  const std::string id = "stress.seqlock.snapshots";
  if (Unusable(stress)) return ProbeDidNotFinish(id, stress, "stress.seqlock");
  const auto layout = ref::FindLayout(variant);
  if (!layout.ok()) return Error(id, layout.error());
  try {
    std::vector<std::string> problems;
    nlohmann::json failing = nlohmann::json::array();
    std::size_t judged = 0;
    for (const Attempt& attempt : Attempts(stress->data)) {
      const nlohmann::json& readers = Readers(attempt);
      for (std::size_t r = 0; r < readers.size(); ++r) {
        const nlohmann::json& snapshots = Member(readers[r], "snapshots", ReaderPath(attempt, r));
        if (!snapshots.is_array())
          throw ProbeDataError(ReaderPath(attempt, r) + ".snapshots: expected an array");
        std::uint32_t last_seq = 0;
        std::uint64_t last_cycle = 0;
        for (std::size_t s = 0; s < snapshots.size(); ++s) {
          const std::string path = ReaderPath(attempt, r) + ".snapshots[" + std::to_string(s) + "]";
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
          std::vector<std::string> found = WriterInvariantViolations(state, counter_after, arch);
          const std::uint64_t seq = U64(snapshots[s], "seq", path);
          const ref::VdsoClock& clock = state.time.clock[ref::kCsHresCoarse];
          if (clock.seq != seq) {
            found.push_back("copied seq " + std::to_string(clock.seq) + " != seq read around it " +
                            std::to_string(seq));
          }
          if (s > 0 && (clock.seq < last_seq || (clock.clock_mode != ref::kClockModeNone &&
                                                 clock.cycle_last < last_cycle))) {
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
