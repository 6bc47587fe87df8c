// The generic reader. Each function below names the lib/vdso/gettimeofday.c routine it models;
// the generations share this code and differ only where ReaderPolicy says so.
#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::ref {
namespace {

constexpr ClockSlot kHresSlot{0, false, static_cast<std::uint8_t>(kCsHresCoarse)};

// CalcNs() with its flag returned, not stored through a pointer: the reader inlines this, and an
// out-parameter would need a stack slot in every reader entry point, which ASan poisons and
// unpoisons on each call.
struct NsCalculation {
  std::uint64_t ns;
  bool used_128bit;
};
[[gnu::always_inline]] inline NsCalculation CalculateNs(const VdsoClock& clock,
                                                        std::uint64_t cycles, std::uint64_t base,
                                                        bool overflow_protect) {
  const std::uint64_t delta = (cycles - clock.cycle_last) & clock.mask;
  const bool slow = overflow_protect && !(delta < clock.max_cycles);
  if (!slow) return {(delta * clock.mult + base) >> (clock.shift & 63u), false};
  // mul_u64_u32_add_u64_shr(), __int128 variant (CONFIG_ARCH_SUPPORTS_INT128 on riscv64).
  const unsigned __int128 product = static_cast<unsigned __int128>(delta) * clock.mult + base;
  return {static_cast<std::uint64_t>(product >> (clock.shift & 127u)), true};
}

// How a modelled routine ended; the caller turns it into a result record.
enum class Flow : std::uint8_t { kOk, kFallback, kSpin, kOutside, kTimens };

// State of one call: the source, the read budget and the counters of ReadStats.
//
// Call's methods and the do_*() routines below are always inlined into the three entry points.
// The Call object then lives in registers, and ASan has none of its fields to check; out of line,
// every vvar read was a function call whose accesses to the Call went through ASan's shadow
// checks. Under the fuzz build's ASan+UBSan this took the model fuzzer's per-input check from
// ~340 to ~220 ns (fuzz/bench/model_budget.md). Without sanitizers it makes little difference.
class Call {
 public:
  Call(ObservationSource& source, const ReaderPolicy& policy)
      : source_(source), idle_(source.IdleAnswer()), policy_(policy) {}

  const ReaderPolicy& policy() const { return policy_; }
  ReadStats& stats() { return stats_; }
  SpinKind spin() const { return spin_; }
  FallbackReason fallback() const { return fallback_; }

  Flow Fallback(FallbackReason reason) {
    fallback_ = reason;
    return Flow::kFallback;
  }

  // One vvar read; nullptr once the budget is spent (the caller reports kWouldSpin).
  [[gnu::always_inline]] const VdsoClock* ReadClock(ReadKind kind, ClockSlot slot) {
    const VvarState* state = Read(kind, slot);
    return state ? &ClockAt(*state, slot) : nullptr;
  }
  [[gnu::always_inline]] const VvarState* Read(ReadKind kind, ClockSlot slot) {
    if (!TakeBudget()) return nullptr;
    if (idle_.state) return idle_.state;
    return &source_.StateAt(ReadEvent{stats_.reads - 1, kind, slot});
  }
  [[gnu::always_inline]] bool ReadCounter(ClockSlot slot, std::uint64_t* cycles) {
    if (!TakeBudget()) return false;
    ++stats_.counter_reads;
    *cycles = idle_.state
                  ? idle_.counter
                  : source_.CounterAt(ReadEvent{stats_.reads - 1, ReadKind::kCounter, slot});
    return true;
  }

  // vdso_read_begin(): spin while seq is odd.
  [[gnu::always_inline]] Flow ReadBegin(ClockSlot slot, std::uint32_t* seq) {
    for (;;) {
      const VdsoClock* clock = ReadClock(ReadKind::kSeq, slot);
      if (!clock) return Flow::kSpin;
      *seq = clock->seq;
      last_seq_odd_ = (*seq & 1u) != 0;
      if (!last_seq_odd_) return Flow::kOk;
      ++stats_.odd_seq_spins;
    }
  }

  // vdso_read_begin_timens() (7.2) and the open-coded loop of do_hres()/do_coarse() (6.1, 6.12):
  // an odd seq on a page whose clock_mode is TIMENS means "use the real page".
  [[gnu::always_inline]] Flow ReadBeginTimens(ClockSlot slot, std::uint32_t* seq) {
    for (;;) {
      const VdsoClock* clock = ReadClock(ReadKind::kSeq, slot);
      if (!clock) return Flow::kSpin;
      *seq = clock->seq;
      last_seq_odd_ = (*seq & 1u) != 0;
      if (!last_seq_odd_) return Flow::kOk;
      if (policy_.time_namespaces) {
        const VdsoClock* mode = ReadClock(ReadKind::kClockMode, slot);
        if (!mode) return Flow::kSpin;
        if (mode->clock_mode == kClockModeTimens) {
          ++stats_.timens_redirects;
          return Flow::kTimens;
        }
      }
      ++stats_.odd_seq_spins;
    }
  }

  // vdso_read_retry(): true if the section must be repeated.
  [[gnu::always_inline]] Flow ReadRetry(ClockSlot slot, std::uint32_t start, bool* retry) {
    const VdsoClock* clock = ReadClock(ReadKind::kSeq, slot);
    if (!clock) return Flow::kSpin;
    *retry = JudgeSection(start, clock->seq) != SectionVerdict::kAccept;
    if (*retry) ++stats_.seq_retries;
    return Flow::kOk;
  }

  // vdso_clocksource_ok() and vdso_get_timestamp(): clock_mode check, counter, clock data.
  [[gnu::always_inline]] Flow Timestamp(ClockSlot slot, int base_index, FallbackReason if_none,
                                        std::uint64_t* sec, std::uint64_t* ns) {
    const VdsoClock* mode = ReadClock(ReadKind::kClockMode, slot);
    if (!mode) return Flow::kSpin;
    if (mode->clock_mode == kClockModeNone) return Fallback(if_none);
    std::uint64_t cycles = 0;
    if (!ReadCounter(slot, &cycles)) return Flow::kSpin;
    const VdsoClock* data = ReadClock(ReadKind::kClockData, slot);
    if (!data) return Flow::kSpin;
    const VdsoTimestamp& base = data->basetime[static_cast<std::size_t>(base_index)];
    const NsCalculation calc = CalculateNs(*data, cycles, base.nsec, policy_.overflow_protect);
    *ns = calc.ns;
    *sec = base.sec;
    stats_.used_mul_u64_u32_add_u64_shr = calc.used_128bit;
    return Flow::kOk;
  }

  [[gnu::always_inline]] KernelTimespec Finish(std::uint64_t sec, std::uint64_t ns) {
    stats_.division_iterations = ns / kNsecPerSec;
    return SetTimespec(sec, ns);
  }

  void NoteSpin() { spin_ = last_seq_odd_ ? SpinKind::kOddSeq : SpinKind::kSeqNeverStable; }

 private:
  [[gnu::always_inline]] bool TakeBudget() {
    if (stats_.reads >= policy_.max_reads) return false;
    ++stats_.reads;
    return true;
  }

  ObservationSource& source_;
  const ObservationSource::Idle idle_;
  const ReaderPolicy& policy_;
  ReadStats stats_;
  SpinKind spin_ = SpinKind::kNone;
  FallbackReason fallback_ = FallbackReason::kNone;
  bool last_seq_odd_ = false;
};

ClockSlot WithPage(ClockSlot slot, std::uint8_t page) {
  slot.page = page;
  return slot;
}

// The namespace offset of `clk` from the namespace page's clock (`ns_slot`), added after the loop.
[[gnu::always_inline]] inline Flow AddOffset(Call& call, ClockSlot ns_slot, int clk,
                                             std::uint64_t* sec, std::uint64_t* ns) {
  const VdsoClock* ns_clock = call.ReadClock(ReadKind::kOffset, ns_slot);
  if (!ns_clock) return Flow::kSpin;
  const VdsoTimestamp& offset = ns_clock->basetime[static_cast<std::size_t>(clk)];
  *sec += static_cast<std::uint64_t>(offset.OffsetSec());
  *ns += offset.nsec;
  return Flow::kOk;
}

// do_hres_timens(): the real page is page 1; offsets come from the namespace page (page 0),
// from the same CS_* slot that do_hres() was handed.
[[gnu::always_inline]] inline Flow DoHresTimens(Call& call, ClockSlot ns_slot, int clk,
                                                KernelTimespec* ts) {
  const ClockSlot real = WithPage(ns_slot, 1);
  std::uint64_t sec = 0, ns = 0;
  for (bool retry = true; retry;) {
    std::uint32_t seq = 0;
    if (Flow f = call.ReadBegin(real, &seq); f != Flow::kOk) return f;
    if (Flow f = call.Timestamp(real, clk, FallbackReason::kVdsoClockModeNone, &sec, &ns);
        f != Flow::kOk)
      return f;
    if (Flow f = call.ReadRetry(real, seq, &retry); f != Flow::kOk) return f;
  }
  if (Flow f = AddOffset(call, ns_slot, clk, &sec, &ns); f != Flow::kOk) return f;
  *ts = call.Finish(sec, ns);
  return Flow::kOk;
}

// do_hres(): `slot` is page 0's CS_HRES_COARSE or CS_RAW clock.
[[gnu::always_inline]] inline Flow DoHres(Call& call, ClockSlot slot, int clk, KernelTimespec* ts,
                                          ReaderPath* path) {
  *path = ReaderPath::kHres;
  std::uint64_t sec = 0, ns = 0;
  for (bool retry = true; retry;) {
    std::uint32_t seq = 0;
    Flow begin = call.ReadBeginTimens(slot, &seq);
    if (begin == Flow::kTimens) {
      *path = ReaderPath::kHresTimens;
      return DoHresTimens(call, slot, clk, ts);
    }
    if (begin != Flow::kOk) return begin;
    if (Flow f = call.Timestamp(slot, clk, FallbackReason::kVdsoClockModeNone, &sec, &ns);
        f != Flow::kOk)
      return f;
    if (Flow f = call.ReadRetry(slot, seq, &retry); f != Flow::kOk) return f;
  }
  *ts = call.Finish(sec, ns);
  return Flow::kOk;
}

// do_coarse_timens(): basetime from the real page, offset from the namespace page, normalised.
[[gnu::always_inline]] inline Flow DoCoarseTimens(Call& call, int clk, KernelTimespec* ts) {
  const ClockSlot real = WithPage(kHresSlot, 1);
  std::uint64_t sec = 0, nsec = 0;
  for (bool retry = true; retry;) {
    std::uint32_t seq = 0;
    if (Flow f = call.ReadBegin(real, &seq); f != Flow::kOk) return f;
    const VdsoClock* data = call.ReadClock(ReadKind::kClockData, real);
    if (!data) return Flow::kSpin;
    sec = data->basetime[static_cast<std::size_t>(clk)].sec;
    nsec = data->basetime[static_cast<std::size_t>(clk)].nsec;
    if (Flow f = call.ReadRetry(real, seq, &retry); f != Flow::kOk) return f;
  }
  if (Flow f = AddOffset(call, kHresSlot, clk, &sec, &nsec); f != Flow::kOk) return f;
  *ts = call.Finish(sec, nsec);
  return Flow::kOk;
}

// do_coarse(): a verbatim copy of basetime[clk]; tv_nsec is not normalised.
[[gnu::always_inline]] inline Flow DoCoarse(Call& call, int clk, KernelTimespec* ts,
                                            ReaderPath* path) {
  *path = ReaderPath::kCoarse;
  for (bool retry = true; retry;) {
    std::uint32_t seq = 0;
    Flow begin = call.ReadBeginTimens(kHresSlot, &seq);
    if (begin == Flow::kTimens) {
      *path = ReaderPath::kCoarseTimens;
      return DoCoarseTimens(call, clk, ts);
    }
    if (begin != Flow::kOk) return begin;
    const VdsoClock* data = call.ReadClock(ReadKind::kClockData, kHresSlot);
    if (!data) return Flow::kSpin;
    ts->tv_sec = static_cast<std::int64_t>(data->basetime[static_cast<std::size_t>(clk)].sec);
    ts->tv_nsec = static_cast<std::int64_t>(data->basetime[static_cast<std::size_t>(clk)].nsec);
    if (Flow f = call.ReadRetry(kHresSlot, seq, &retry); f != Flow::kOk) return f;
  }
  return Flow::kOk;
}

// do_aux() (7.2). A TIMENS aux clock sends the reader one page further (vd + PAGE_SIZE) and it
// stays there for later passes; past page 1 the model has no data.
[[gnu::always_inline]] inline Flow DoAux(Call& call, int clock_id, KernelTimespec* ts) {
  if (!call.policy().posix_aux_clocks) return call.Fallback(FallbackReason::kAuxClocksNotBuilt);
  ClockSlot slot{0, true, static_cast<std::uint8_t>(clock_id - kClockAux)};
  std::uint64_t sec = 0, ns = 0;
  for (bool retry = true; retry;) {
    std::uint32_t seq = 0;
    for (;;) {
      Flow begin = call.ReadBeginTimens(slot, &seq);
      if (begin == Flow::kOk) break;
      if (begin != Flow::kTimens) return begin;
      if (slot.page == 1) return Flow::kOutside;
      slot.page = 1;
    }
    // The "Auxclock disabled?" check and vdso_clocksource_ok() test the same field; the reader
    // treats them as one read, so a disabled aux clock always reports kAuxClockDisabled.
    if (Flow f = call.Timestamp(slot, 0, FallbackReason::kAuxClockDisabled, &sec, &ns);
        f != Flow::kOk)
      return f;
    if (Flow f = call.ReadRetry(slot, seq, &retry); f != Flow::kOk) return f;
  }
  *ts = call.Finish(sec, ns);
  return Flow::kOk;
}

// The unlocked check of clock_getres() and gettimeofday()'s tz part: is page 0 a namespace page
// (then the data lives on page 1)? Without CONFIG_TIME_NS the kernel does not even look.
// Returns false when the read budget is spent.
[[gnu::always_inline]] inline bool PageIsTimens(Call& call, bool* timens) {
  *timens = false;
  if (!call.policy().time_namespaces) return true;
  const VdsoClock* page0 = call.ReadClock(ReadKind::kClockMode, kHresSlot);
  if (!page0) return false;
  *timens = page0->clock_mode == kClockModeTimens;
  return true;
}

// Fills the common fields of a result from how the call ended.
template <typename Result>
[[gnu::always_inline]] inline void Conclude(Call& call, Flow flow, Syscall syscall,
                                            Result* result) {
  // Field by field: a whole-struct copy also copies ReadStats' padding bytes, which then stay in
  // a stack slot of their own that ASan poisons and unpoisons on every call. The binding names
  // every member, so a new ReadStats field does not compile until it is copied here too.
  const auto& [reads, counter_reads, odd_seq_spins, seq_retries, timens_redirects, used_128bit,
               division_iterations] = call.stats();
  result->stats =
      ReadStats{reads,       counter_reads,      odd_seq_spins, seq_retries, timens_redirects,
                used_128bit, division_iterations};
  switch (flow) {
    case Flow::kOk:
    case Flow::kTimens:  // not returned by the top-level routines
      result->outcome = Outcome::kReturned;
      break;
    case Flow::kFallback:
      result->outcome = Outcome::kFallback;
      result->fallback = call.fallback();
      result->syscall = syscall;
      break;
    case Flow::kSpin:
      call.NoteSpin();
      result->outcome = Outcome::kWouldSpin;
      result->spin = call.spin();
      break;
    case Flow::kOutside:
      result->outcome = Outcome::kOutsideModel;
      break;
  }
}

}  // namespace

std::string ClockIdName(std::int32_t clock_id) {
  static constexpr const char* kNames[] = {
      "CLOCK_REALTIME",          "CLOCK_MONOTONIC",     "CLOCK_PROCESS_CPUTIME_ID",
      "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
      "CLOCK_MONOTONIC_COARSE",  "CLOCK_BOOTTIME",      "CLOCK_REALTIME_ALARM",
      "CLOCK_BOOTTIME_ALARM",    "CLOCK_SGI_CYCLE",     "CLOCK_TAI"};
  if (clock_id >= 0 && clock_id <= kClockTai) return kNames[clock_id];
  if (clock_id >= kClockAux && clock_id <= kClockAuxLast) {
    return "CLOCK_AUX+" + std::to_string(clock_id - kClockAux);
  }
  return "CLOCK_" + std::to_string(clock_id);
}

std::uint64_t CalcNs(const VdsoClock& clock, std::uint64_t cycles, std::uint64_t base,
                     bool overflow_protect, bool* used_128bit) {
  const NsCalculation calc = CalculateNs(clock, cycles, base, overflow_protect);
  if (used_128bit) *used_128bit = calc.used_128bit;
  return calc.ns;
}

KernelTimespec SetTimespec(std::uint64_t sec, std::uint64_t ns) {
  // __iter_div_u64_rem() counts in a u32: the quotient wraps modulo 2^32.
  const auto quotient = static_cast<std::uint32_t>(ns / kNsecPerSec);
  KernelTimespec ts;
  ts.tv_sec = static_cast<std::int64_t>(sec + quotient);
  ts.tv_nsec = static_cast<std::int64_t>(ns % kNsecPerSec);
  return ts;
}

std::uint64_t TickNsec(std::uint32_t hz) {
  if (hz == 0) return 0;
  return (kNsecPerSec + hz / 2) / hz;
}

ClockResult ClockGettime(ObservationSource& source, std::int32_t clock_id,
                         const ReaderPolicy& policy) {
  ClockResult result;
  Call call(source, policy);
  Flow flow = Flow::kOk;
  switch (ClassifyClockId(policy.generation, clock_id)) {
    case ClockIdClass::kOutOfRange:
      flow = call.Fallback(FallbackReason::kClockIdOutOfRange);
      break;
    case ClockIdClass::kNotInVdso:
      flow = call.Fallback(FallbackReason::kClockIdNotInVdso);
      break;
    case ClockIdClass::kHres:
      flow = DoHres(call, kHresSlot, clock_id, &result.ts, &result.path);
      break;
    case ClockIdClass::kRaw:
      flow = DoHres(call, ClockSlot{0, false, static_cast<std::uint8_t>(kCsRaw)}, clock_id,
                    &result.ts, &result.path);
      break;
    case ClockIdClass::kCoarse:
      flow = DoCoarse(call, clock_id, &result.ts, &result.path);
      break;
    case ClockIdClass::kAux:
      result.path = ReaderPath::kAux;
      flow = DoAux(call, clock_id, &result.ts);
      break;
  }
  Conclude(call, flow, Syscall::kClockGettime, &result);
  result.ts_written = result.outcome == Outcome::kReturned;
  if (!result.ts_written) result.ts = {};
  return result;
}

ClockResult ClockGettime(const VvarState& state, std::int32_t clock_id, std::uint64_t counter) {
  StaticSource source(state, counter);
  return ClockGettime(source, clock_id, ReaderPolicy::For(state.layout));
}

ClockResult ClockGetres(ObservationSource& source, std::int32_t clock_id, bool res_present,
                        const ReaderPolicy& policy) {
  ClockResult result;
  Call call(source, policy);
  const ClockIdClass cls = ClassifyClockId(policy.generation, clock_id);
  Flow flow = Flow::kOk;
  std::uint64_t ns = 0;
  if (cls == ClockIdClass::kOutOfRange) {
    flow = call.Fallback(FallbackReason::kClockIdOutOfRange);
  } else if (bool timens = false; !PageIsTimens(call, &timens)) {
    flow = Flow::kSpin;
  } else {
    const ClockSlot tail_slot = WithPage(kHresSlot, timens ? 1 : 0);
    switch (cls) {
      case ClockIdClass::kHres:
      case ClockIdClass::kRaw:
        result.path = ReaderPath::kResHrtimer;
        if (const VvarState* state = call.Read(ReadKind::kTail, tail_slot)) {
          ns = (timens ? state->timens : state->time).tail[0].hrtimer_res;
        } else {
          flow = Flow::kSpin;
        }
        break;
      case ClockIdClass::kCoarse:
        result.path = ReaderPath::kResCoarse;
        ns = TickNsec(policy.hz);
        break;
      case ClockIdClass::kAux:
        result.path = ReaderPath::kResAux;
        ns = 1;  // aux_clock_resolution_ns()
        break;
      default:
        flow = call.Fallback(FallbackReason::kClockIdNotInVdso);
        break;
    }
  }
  Conclude(call, flow, Syscall::kClockGetres, &result);
  result.ts_written = result.outcome == Outcome::kReturned && res_present;
  if (result.ts_written) result.ts = {0, static_cast<std::int64_t>(ns)};
  return result;
}

ClockResult ClockGetres(const VvarState& state, std::int32_t clock_id) {
  StaticSource source(state, 0);
  return ClockGetres(source, clock_id, true, ReaderPolicy::For(state.layout));
}

GettimeofdayResult Gettimeofday(ObservationSource& source, bool tv_present, bool tz_present,
                                const ReaderPolicy& policy) {
  GettimeofdayResult result;
  Call call(source, policy);
  Flow flow = Flow::kOk;
  if (tv_present) {
    KernelTimespec ts;
    flow = DoHres(call, kHresSlot, kClockRealtime, &ts, &result.path);
    if (flow == Flow::kOk) {
      result.tv_written = true;
      result.tv.tv_sec = ts.tv_sec;
      result.tv.tv_usec = static_cast<std::uint32_t>(ts.tv_nsec) / 1000u;
    }
  }
  if (flow == Flow::kOk && tz_present) {
    bool timens = false;
    const VvarState* state = nullptr;
    if (PageIsTimens(call, &timens)) {
      state = call.Read(ReadKind::kTail, WithPage(kHresSlot, timens ? 1 : 0));
    }
    if (state) {
      const VdsoTimeTail& tail = (timens ? state->timens : state->time).tail[0];
      result.tz_written = true;
      result.tz = {tail.tz_minuteswest, tail.tz_dsttime};
    } else {
      flow = Flow::kSpin;
    }
  }
  Conclude(call, flow, Syscall::kGettimeofday, &result);
  if (result.outcome != Outcome::kReturned) {
    result.tv_written = result.tz_written = false;
    result.tv = {};
    result.tz = {};
  }
  return result;
}

GettimeofdayResult Gettimeofday(const VvarState& state, std::uint64_t counter) {
  StaticSource source(state, counter);
  return Gettimeofday(source, true, true, ReaderPolicy::For(state.layout));
}

}  // namespace vdsoconf::ref
