#include "stress_seqlock.h"

#include <sched.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#include "arch_hooks.h"
#include "sparse_bytes.h"
#include "vdso_functions.h"
#include "vdso_mappings.h"

namespace vdsoconf::agent {
namespace {

struct StressClock {
  clockid_t id;
  bool stepped;  // clock_settime(CLOCK_REALTIME) moves it: compare only within a writer epoch
};
constexpr std::array kStressClocks{StressClock{CLOCK_MONOTONIC, false},
                                   StressClock{CLOCK_MONOTONIC_RAW, false},
                                   StressClock{CLOCK_MONOTONIC_COARSE, false},
                                   StressClock{CLOCK_BOOTTIME, false},
                                   StressClock{CLOCK_REALTIME, true},
                                   StressClock{CLOCK_REALTIME_COARSE, true},
                                   StressClock{CLOCK_TAI, true}};
constexpr std::size_t kClockCount = kStressClocks.size();
// Writer epochs with their own maxima; the writer stops stepping when they run out.
constexpr std::size_t kMaxEpochs = 4096;
constexpr std::int64_t kNoValue = std::numeric_limits<std::int64_t>::min();
constexpr long kWriterPauseNs = 200000;
// The kernel refuses a REALTIME below MONOTONIC (do_settimeofday64: EINVAL), and a kernel without
// an RTC starts REALTIME at 0, level with MONOTONIC. So steps alternate between kStepNs and 2 *
// kStepNs above where REALTIME was (relative to MONOTONIC), never below it. 2 ms leaves room for a
// syscall that TCG on a loaded host delays between the MONOTONIC read and the set.
constexpr long kStepNs = 2000000;
constexpr long kFrequencyPpm = 50;       // adjtimex freq is ppm << 16
constexpr long kSlewMicroseconds = 200;  // ADJ_OFFSET_SINGLESHOT, alternating sign

std::int64_t ToNs(const struct timespec& ts) {
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct Shared {
  Shared(std::size_t epochs, std::size_t readers) : maxima(epochs * kClockCount), rounds(readers) {
    for (auto& value : maxima) value.store(kNoValue, std::memory_order_relaxed);
    for (auto& count : rounds) count.store(0, std::memory_order_relaxed);
  }
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> epoch{0};  // odd while the writer is inside clock_settime
  // maxima[epoch_index * kClockCount + clock]; monotonic clocks use epoch_index 0 only.
  std::vector<std::atomic<std::int64_t>> maxima;
  // Rounds (one section and every clock both ways) each reader finished: the writer goes on
  // until every reader has made kMinReaderRounds, so a hart the host starved still gets read.
  std::vector<std::atomic<std::uint64_t>> rounds;

  bool EveryReaderMade(std::uint64_t minimum) const {
    return std::all_of(rounds.begin(), rounds.end(), [minimum](const auto& count) {
      return count.load(std::memory_order_relaxed) >= minimum;
    });
  }

  std::atomic<std::int64_t>& Max(std::size_t epoch_index, std::size_t clock) {
    return maxima[epoch_index * kClockCount + clock];
  }
};

void PublishMax(std::atomic<std::int64_t>& max, std::int64_t value) {
  std::int64_t seen = max.load(std::memory_order_seq_cst);
  while (value > seen && !max.compare_exchange_weak(seen, value, std::memory_order_seq_cst)) {
  }
}

struct ClockStats {
  std::uint64_t vdso_calls = 0, syscall_calls = 0, vdso_errors = 0, syscall_errors = 0;
  std::uint64_t checked = 0, backwards = 0;
  std::int64_t worst_delta = 0, worst_value = 0, worst_previous = 0;
  bool worst_via_vdso = false;
};

struct Snapshot {
  std::uint64_t counter_before = 0, counter_after = 0;
  std::uint32_t seq = 0;
  bool after_event = false;
  std::string page;
};

struct ReaderResult {
  int cpu = 0;
  bool pinned = false;
  std::uint64_t sections = 0, odd_seq = 0, retries = 0;
  std::array<ClockStats, kClockCount> clocks{};
  std::vector<Snapshot> snapshots;
};

std::uint32_t LoadSeq(const volatile std::uint32_t* seq) {
  const std::uint32_t value = *seq;
  std::atomic_thread_fence(std::memory_order_acquire);
  return value;
}

class Reader {
 public:
  Reader(Shared& shared, std::size_t index, const VdsoFunctions& vdso, std::uint64_t vvar,
         std::uint64_t page_size, int snapshot_budget, ReaderResult& result)
      : shared_(shared),
        index_(index),
        vdso_(vdso),
        vvar_(vvar),
        page_size_(page_size),
        snapshot_budget_(snapshot_budget),
        result_(result) {}

  void Run() {
    bool vdso_first = true;
    while (!shared_.stop.load(std::memory_order_relaxed)) {
      ReadSection();
      for (std::size_t i = 0; i < kClockCount; ++i) {
        ReadClock(i, vdso_first);
        ReadClock(i, !vdso_first);
      }
      vdso_first = !vdso_first;
      shared_.rounds[index_].fetch_add(1, std::memory_order_relaxed);
    }
  }

 private:
  // One vvar seqlock section, repeated until consistent (or the stress ends).
  void ReadSection() {
    const auto* seq = reinterpret_cast<const volatile std::uint32_t*>(vvar_);
    bool event = false;
    std::string& page = scratch_;
    page.resize(page_size_);
    while (!shared_.stop.load(std::memory_order_relaxed)) {
      ++result_.sections;
      const std::uint32_t begin = LoadSeq(seq);
      if (begin & 1u) {
        ++result_.odd_seq;
        event = true;
        continue;
      }
      const std::uint64_t counter_before = arch::ReadCounter();
      std::memcpy(page.data(), reinterpret_cast<const void*>(vvar_), page_size_);
      const std::uint64_t counter_after = arch::ReadCounter();
      std::atomic_thread_fence(std::memory_order_acquire);
      if (LoadSeq(seq) != begin) {
        ++result_.retries;
        event = true;
        continue;
      }
      if ((result_.snapshots.empty() || event) &&
          static_cast<int>(result_.snapshots.size()) < snapshot_budget_) {
        result_.snapshots.push_back({counter_before, counter_after, begin, event, page});
      }
      return;
    }
  }

  void ReadClock(std::size_t index, bool via_vdso) {
    const StressClock& clock = kStressClocks[index];
    ClockStats& stats = result_.clocks[index];
    const std::uint64_t epoch_begin = shared_.epoch.load(std::memory_order_seq_cst);
    const std::size_t epoch_index = clock.stepped ? epoch_begin / 2 : 0;
    const bool comparable = (epoch_begin & 1u) == 0 && epoch_index < kMaxEpochs;
    std::atomic<std::int64_t>* max = comparable ? &shared_.Max(epoch_index, index) : nullptr;
    const std::int64_t previous = max ? max->load(std::memory_order_seq_cst) : kNoValue;
    struct timespec ts {};
    bool ok = false;
    if (via_vdso) {
      ++stats.vdso_calls;
      ok = vdso_.clock_gettime(clock.id, &ts) == 0;
      if (!ok) ++stats.vdso_errors;
    } else {
      ++stats.syscall_calls;
      ok = syscall(SYS_clock_gettime, clock.id, &ts) == 0;
      if (!ok) ++stats.syscall_errors;
    }
    if (!ok || max == nullptr) return;
    if (clock.stepped && shared_.epoch.load(std::memory_order_seq_cst) != epoch_begin) return;
    const std::int64_t value = ToNs(ts);
    ++stats.checked;
    if (previous != kNoValue && value < previous) {
      ++stats.backwards;
      if (value - previous < stats.worst_delta || stats.backwards == 1) {
        stats.worst_delta = value - previous;
        stats.worst_value = value;
        stats.worst_previous = previous;
        stats.worst_via_vdso = via_vdso;
      }
    }
    PublishMax(*max, value);
  }

  Shared& shared_;
  std::size_t index_;
  const VdsoFunctions& vdso_;
  std::uint64_t vvar_;
  std::uint64_t page_size_;
  int snapshot_budget_;
  ReaderResult& result_;
  std::string scratch_;
};

struct WriterResult {
  std::uint64_t steps = 0, frequency_changes = 0, slews = 0, errors = 0;
  std::uint64_t late_steps = 0;  // refused because MONOTONIC had passed the target: retried
  std::string first_error;
  std::int64_t saved_frequency = 0;
  std::int64_t restore_error_ns = 0;
  bool realtime_priority = false;
  bool restore_padded = false;
  std::int64_t realtime_minus_monotonic_ns = 0;  // before the first step
  // The restore, bracketed so the host can tell the kernel's error from the harness's delay:
  // REALTIME - MONOTONIC aimed at, the MONOTONIC time the setting call took (a stall there
  // leaves REALTIME behind by up to that much), and the width of the final measurement.
  std::int64_t restore_target_ns = 0;
  std::int64_t restore_set_window_ns = 0;
  std::int64_t restore_measure_window_ns = 0;
};

void NoteError(WriterResult& result, const char* what) {
  if (result.errors++ == 0) result.first_error = std::string(what) + ": " + std::strerror(errno);
}

std::int64_t SyscallNs(clockid_t clock) {
  struct timespec ts {};
  syscall(SYS_clock_gettime, clock, &ts);
  return ToNs(ts);
}

bool SetRealtimeNs(std::int64_t ns) {
  const struct timespec ts {
    static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)
  };
  return syscall(SYS_clock_settime, CLOCK_REALTIME, &ts) == 0;
}

// Sets REALTIME to MONOTONIC + `above_monotonic_ns`. The kernel refuses (EINVAL) a REALTIME below
// MONOTONIC at the moment it checks; on a loaded host TCG can stall the guest between our MONOTONIC
// read and that check for longer than the margin. A refusal is ours (a late step: counted, retried
// once with a fresh read and four times the margin) only when MONOTONIC, read after the call, has
// passed the target; a refusal of a target still ahead of MONOTONIC is the kernel's error.
bool StepRealtime(std::int64_t above_monotonic_ns, WriterResult& result) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::int64_t margin = attempt == 0 ? above_monotonic_ns : 4 * above_monotonic_ns;
    const std::int64_t target = SyscallNs(CLOCK_MONOTONIC) + margin;
    if (SetRealtimeNs(target)) return true;
    const int refused = errno;
    const bool late = refused == EINVAL && target < SyscallNs(CLOCK_MONOTONIC);
    errno = refused;  // for NoteError
    if (!late) return false;
    ++result.late_steps;
  }
  return false;
}

// REALTIME - MONOTONIC, with REALTIME read between two MONOTONIC reads so the estimate is not
// biased by the time one syscall takes; `window_ns` gets the two reads' distance, the estimate's
// uncertainty (+- half of it).
std::int64_t RealtimeMinusMonotonic(std::int64_t* window_ns = nullptr) {
  const std::int64_t before = SyscallNs(CLOCK_MONOTONIC);
  const std::int64_t realtime = SyscallNs(CLOCK_REALTIME);
  const std::int64_t after = SyscallNs(CLOCK_MONOTONIC);
  if (window_ns != nullptr) *window_ns = after - before;
  return realtime - (before + (after - before) / 2);
}

// Sets REALTIME to MONOTONIC + `offset_ns` and returns the MONOTONIC time the call took (from
// the read the target was computed from until after the call), or -1 when the kernel refused.
std::int64_t SetRealtimeAbove(std::int64_t offset_ns) {
  const std::int64_t before = SyscallNs(CLOCK_MONOTONIC);
  if (!SetRealtimeNs(before + offset_ns)) return -1;
  return SyscallNs(CLOCK_MONOTONIC) - before;
}

void PauseWriter() {
  struct timespec ts {
    0, kWriterPauseNs
  };
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// TCG guest time runs on the host's clock, so on a loaded host a fixed duration can pass with
// the writer barely scheduled. It goes on past the deadline until it has made kMinActions
// actions, but never past kMaxOverrun times the duration.
constexpr std::uint64_t kMinActions = 60;
constexpr std::uint64_t kMinReaderRounds = 20;
constexpr std::uint64_t kMaxOverrun = 10;
// Runs of the whole stress when readers starve: the first and two longer ones.
constexpr std::size_t kMaxAttempts = 3;

void RunWriter(Shared& shared, std::uint64_t start_ns, std::uint64_t duration_ns,
               WriterResult& result) {
  const std::uint64_t deadline_ns = start_ns + duration_ns;
  const std::uint64_t hard_deadline_ns = start_ns + kMaxOverrun * duration_ns;
  struct timex saved {};
  if (adjtimex(&saved) < 0) NoteError(result, "adjtimex(read)");
  result.saved_frequency = saved.freq;
  result.realtime_minus_monotonic_ns = RealtimeMinusMonotonic();
  // A kernel without an RTC can boot with REALTIME a few ms *below* MONOTONIC (the boot offset);
  // no clock_settime can go back there, so steps and the restore aim at the closest allowed.
  const std::int64_t realtime_minus_monotonic =
      std::max<std::int64_t>(result.realtime_minus_monotonic_ns, 0);
  for (std::uint64_t action = 0;; ++action) {
    const auto now = static_cast<std::uint64_t>(SyscallNs(CLOCK_MONOTONIC));
    const bool enough = action >= kMinActions && shared.EveryReaderMade(kMinReaderRounds);
    if ((now >= deadline_ns && enough) || now >= hard_deadline_ns) break;
    const long sign = (action / 3) % 2 == 0 ? 1 : -1;
    if (action % 3 == 0 && shared.epoch.load() / 2 + 1 < kMaxEpochs) {
      shared.epoch.fetch_add(1, std::memory_order_seq_cst);
      const std::int64_t above = sign > 0 ? 2 * kStepNs : kStepNs;
      if (!StepRealtime(realtime_minus_monotonic + above, result)) NoteError(result, "settime");
      shared.epoch.fetch_add(1, std::memory_order_seq_cst);
      ++result.steps;
    } else if (action % 3 == 1) {
      struct timex tx {};
      tx.modes = ADJ_FREQUENCY;
      tx.freq = saved.freq + sign * (kFrequencyPpm << 16);
      if (adjtimex(&tx) < 0) NoteError(result, "adjtimex(ADJ_FREQUENCY)");
      ++result.frequency_changes;
    } else if (action % 3 == 2) {
      struct timex tx {};
      tx.modes = ADJ_OFFSET_SINGLESHOT;
      tx.offset = sign * kSlewMicroseconds;
      if (adjtimex(&tx) < 0) NoteError(result, "adjtimex(ADJ_OFFSET_SINGLESHOT)");
      ++result.slews;
    }
    PauseWriter();
  }
  shared.stop.store(true);
  // Restore: the saved frequency, no pending slew, and REALTIME where it was against MONOTONIC.
  struct timex frequency {};
  frequency.modes = ADJ_FREQUENCY;
  frequency.freq = saved.freq;
  if (adjtimex(&frequency) < 0) NoteError(result, "adjtimex(restore frequency)");
  struct timex cancel {};
  cancel.modes = ADJ_OFFSET_SINGLESHOT;
  if (adjtimex(&cancel) < 0) NoteError(result, "adjtimex(cancel slew)");
  shared.epoch.fetch_add(1, std::memory_order_seq_cst);
  // Exactly back can be below MONOTONIC by the time the call lands when the two were level;
  // then kStepNs above, the closest the kernel reliably allows.
  result.restore_target_ns = realtime_minus_monotonic;
  result.restore_set_window_ns = SetRealtimeAbove(result.restore_target_ns);
  if (result.restore_set_window_ns < 0) {
    result.restore_padded = true;
    result.restore_target_ns = realtime_minus_monotonic + kStepNs;
    result.restore_set_window_ns = SetRealtimeAbove(result.restore_target_ns);
    if (result.restore_set_window_ns < 0) NoteError(result, "settime(restore)");
  }
  shared.epoch.fetch_add(1, std::memory_order_seq_cst);
  result.restore_error_ns =
      RealtimeMinusMonotonic(&result.restore_measure_window_ns) - result.restore_target_ns;
}

void WriteWriter(JsonWriter& json, const WriterResult& writer) {
  json.Key("writer");
  json.BeginObject();
  json.Field("steps", writer.steps);
  json.Field("frequency_changes", writer.frequency_changes);
  json.Field("slews", writer.slews);
  json.Field("errors", writer.errors);
  json.Field("late_steps", writer.late_steps);
  json.Key("first_error");
  writer.first_error.empty() ? json.Null() : json.String(writer.first_error);
  json.Field("saved_frequency", writer.saved_frequency);
  json.Field("restore_error_ns", writer.restore_error_ns);
  json.Field("realtime_priority", writer.realtime_priority);
  json.Field("restore_padded", writer.restore_padded);
  json.Field("realtime_minus_monotonic_ns", writer.realtime_minus_monotonic_ns);
  json.Field("restore_target_ns", writer.restore_target_ns);
  json.Field("restore_set_window_ns", writer.restore_set_window_ns);
  json.Field("restore_measure_window_ns", writer.restore_measure_window_ns);
  json.EndObject();
}

void WriteClockStats(JsonWriter& json, std::size_t index, const ClockStats& stats) {
  json.BeginObject();
  json.Field("clock", static_cast<std::int32_t>(kStressClocks[index].id));
  json.Field("stepped", kStressClocks[index].stepped);
  json.Field("vdso_calls", stats.vdso_calls);
  json.Field("syscall_calls", stats.syscall_calls);
  json.Field("vdso_errors", stats.vdso_errors);
  json.Field("syscall_errors", stats.syscall_errors);
  json.Field("checked", stats.checked);
  json.Field("backwards", stats.backwards);
  json.Key("worst");
  if (stats.backwards == 0) {
    json.Null();
  } else {
    json.BeginObject();
    json.Field("delta_ns", stats.worst_delta);
    json.Field("value_ns", stats.worst_value);
    json.Field("previous_max_ns", stats.worst_previous);
    json.Field("via", stats.worst_via_vdso ? "vdso" : "syscall");
    json.EndObject();
  }
  json.EndObject();
}

void WriteReader(JsonWriter& json, const ReaderResult& reader) {
  json.BeginObject();
  json.Field("cpu", static_cast<std::int32_t>(reader.cpu));
  json.Field("pinned", reader.pinned);
  json.Field("sections", reader.sections);
  json.Field("odd_seq", reader.odd_seq);
  json.Field("retries", reader.retries);
  json.Key("clocks");
  json.BeginArray();
  for (std::size_t i = 0; i < kClockCount; ++i) WriteClockStats(json, i, reader.clocks[i]);
  json.EndArray();
  json.Key("snapshots");
  json.BeginArray();
  for (const Snapshot& snapshot : reader.snapshots) {
    json.BeginObject();
    json.Field("counter_before", snapshot.counter_before);
    json.Field("counter_after", snapshot.counter_after);
    json.Field("seq", snapshot.seq);
    json.Field("after_event", snapshot.after_event);
    json.Key("page");
    WriteSparseBytes(json, snapshot.page);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

// One run of readers against the writer.
struct StressAttempt {
  std::uint64_t duration_ms = 0, writer_ran_ms = 0;
  WriterResult writer;
  std::vector<ReaderResult> readers;

  // A reader that never finished a round: the host gave its hart no time while the writer ran,
  // which says nothing about the kernel.
  bool SomeReaderStarved() const {
    return std::any_of(readers.begin(), readers.end(), [](const ReaderResult& reader) {
      std::uint64_t checked = 0;
      for (const ClockStats& clock : reader.clocks) checked += clock.checked;
      return checked == 0;
    });
  }
  // What the guest itself can see of a kernel failure; a run showing one is never replaced.
  bool SawKernelFailure() const {
    if (writer.errors != 0) return true;
    for (const ReaderResult& reader : readers) {
      for (const ClockStats& clock : reader.clocks) {
        if (clock.backwards != 0 || clock.vdso_errors != 0 || clock.syscall_errors != 0)
          return true;
      }
    }
    return false;
  }
};

StressAttempt RunAttempt(const SeqlockStressOptions& options, std::uint64_t duration_ms,
                         const VdsoFunctions& vdso, std::uint64_t vvar, std::uint64_t page_size,
                         int harts) {
  StressAttempt attempt;
  attempt.duration_ms = duration_ms;
  auto shared = std::make_unique<Shared>(kMaxEpochs, static_cast<std::size_t>(harts));
  attempt.readers.resize(static_cast<std::size_t>(harts));
  std::vector<std::thread> threads;
  for (int cpu = 0; cpu < harts; ++cpu) {
    ReaderResult* result = &attempt.readers[static_cast<std::size_t>(cpu)];
    result->cpu = cpu;
    threads.emplace_back([&shared, &vdso, &options, vvar, page_size, cpu, result] {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      result->pinned = sched_setaffinity(0, sizeof(set), &set) == 0;
      Reader(*shared, static_cast<std::size_t>(cpu), vdso, vvar, page_size,
             options.snapshots_per_reader, *result)
          .Run();
    });
  }
  // Readers spin on every hart; a real-time writer preempts the one on its hart as soon as its
  // pause ends, so it acts every ~0.2 ms instead of once per scheduler tick.
  const struct sched_param fifo { 1 };
  attempt.writer.realtime_priority = sched_setscheduler(0, SCHED_FIFO, &fifo) == 0;
  const auto start = static_cast<std::uint64_t>(SyscallNs(CLOCK_MONOTONIC));
  RunWriter(*shared, start, duration_ms * 1000000, attempt.writer);
  attempt.writer_ran_ms =
      (static_cast<std::uint64_t>(SyscallNs(CLOCK_MONOTONIC)) - start) / 1000000;
  for (std::thread& thread : threads) thread.join();
  return attempt;
}

void WriteAttempt(JsonWriter& data, const StressAttempt& attempt, int harts,
                  std::uint64_t page_size) {
  data.Field("duration_ms", attempt.duration_ms);
  data.Field("writer_ran_ms", attempt.writer_ran_ms);
  data.Field("harts", static_cast<std::int32_t>(harts));
  data.Field("page_size", page_size);
  WriteWriter(data, attempt.writer);
  data.Key("readers");
  data.BeginArray();
  for (const ReaderResult& reader : attempt.readers) WriteReader(data, reader);
  data.EndArray();
}

}  // namespace

bool RunSeqlockStress(const SeqlockStressOptions& options, JsonWriter& data, std::string& error) {
  const VdsoMappings mappings = ReadVdsoMappings();
  if (!mappings.vvar) {
    error = "no [vvar] line in /proc/self/maps";
    return false;
  }
  VdsoFunctions vdso;
  if (!ResolveCurrentVdsoFunctions(vdso, error)) return false;
  if (vdso.clock_gettime == nullptr) {
    error = "the vDSO exports no __vdso_clock_gettime";
    return false;
  }
  const auto page_size = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  const int harts = online > 0 ? static_cast<int>(online) : 1;

  // A run in which a reader starved is the harness's failure: run again, longer, a bounded
  // number of times. The earlier runs stay in the document, whole, and the host judges them too.
  std::vector<StressAttempt> earlier;
  std::uint64_t duration_ms = options.duration_ms;
  StressAttempt attempt =
      RunAttempt(options, duration_ms, vdso, mappings.vvar->start, page_size, harts);
  while (attempt.SomeReaderStarved() && !attempt.SawKernelFailure() &&
         earlier.size() + 1 < kMaxAttempts) {
    earlier.push_back(std::move(attempt));
    duration_ms *= 2;
    attempt = RunAttempt(options, duration_ms, vdso, mappings.vvar->start, page_size, harts);
  }
  WriteAttempt(data, attempt, harts, page_size);
  data.Field("attempts", static_cast<std::uint64_t>(earlier.size() + 1));
  data.Key("earlier_attempts");
  data.BeginArray();
  for (const StressAttempt& run : earlier) {
    data.BeginObject();
    WriteAttempt(data, run, harts, page_size);
    data.EndObject();
  }
  data.EndArray();
  return true;
}

}  // namespace vdsoconf::agent
