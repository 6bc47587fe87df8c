#include "vdsoconf/fuzz/model_invariants.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "vdsoconf/reference/clock_reader.h"
#include "vdsoconf/reference/seqlock.h"

namespace vdsoconf::fuzz {
namespace {

using ref::ClockResult;
using ref::Outcome;
using ref::ReaderPath;

__attribute__((format(printf, 2, 3))) Violation Fail(std::string_view rule, const char* format,
                                                     ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return {rule, buffer};
}

std::string Show(const ClockResult& r) {
  return ref::Describe(r);
}

bool IsServed(ref::ClockIdClass c) {
  return c != ref::ClockIdClass::kNotInVdso && c != ref::ClockIdClass::kOutOfRange;
}

// The page whose tail and hrtimer_res the vDSO uses: page 1 when page 0's clock[0] is a time
// namespace page and the vDSO knows namespaces (the pointer switch in clock_getres and in
// gettimeofday's tz part).
const ref::VdsoTimePage& TailPage(const ModelInput& input, const ref::VvarState& state) {
  const bool switch_page = input.time_namespaces &&
                           state.time.clock[ref::kCsHresCoarse].clock_mode == ref::kClockModeTimens;
  return switch_page ? state.timens : state.time;
}

}  // namespace

std::optional<Violation> CheckNormalised(const ClockResult& result) {
  if (result.outcome != Outcome::kReturned || result.path == ReaderPath::kCoarse) return {};
  if (result.ts.tv_nsec >= 0 && result.ts.tv_nsec < static_cast<std::int64_t>(ref::kNsecPerSec)) {
    return {};
  }
  return Fail("normalised-timespec", "tv_nsec=%lld outside [0, 1e9) on path %s: %s",
              static_cast<long long>(result.ts.tv_nsec),
              std::string(ref::ReaderPathName(result.path)).c_str(), Show(result).c_str());
}

std::optional<Violation> CheckCoarseCopy(const ClockResult& result,
                                         const ref::VdsoTimestamp& base) {
  if (result.outcome != Outcome::kReturned || result.path != ReaderPath::kCoarse) return {};
  if (static_cast<std::uint64_t>(result.ts.tv_sec) == base.sec &&
      static_cast<std::uint64_t>(result.ts.tv_nsec) == base.nsec) {
    return {};
  }
  return Fail("coarse-copy", "basetime={%llu,%llu} but ts={%lld,%lld}",
              static_cast<unsigned long long>(base.sec), static_cast<unsigned long long>(base.nsec),
              static_cast<long long>(result.ts.tv_sec), static_cast<long long>(result.ts.tv_nsec));
}

std::optional<Violation> CheckOutcomeShape(const ClockResult& r, ref::Syscall syscall,
                                           bool out_present) {
  bool ok = true;
  switch (r.outcome) {
    case Outcome::kReturned:
      ok = r.ts_written == out_present && r.fallback == ref::FallbackReason::kNone &&
           r.syscall == ref::Syscall::kNone && r.spin == ref::SpinKind::kNone &&
           r.path != ReaderPath::kNone;
      break;
    case Outcome::kFallback:
      ok = !r.ts_written && r.fallback != ref::FallbackReason::kNone && r.syscall == syscall &&
           r.spin == ref::SpinKind::kNone;
      break;
    case Outcome::kWouldSpin:
      ok = !r.ts_written && r.spin != ref::SpinKind::kNone && r.syscall == ref::Syscall::kNone;
      break;
    case Outcome::kOutsideModel:
      ok = !r.ts_written && r.path == ReaderPath::kAux;
      break;
  }
  if (ok) return {};
  return Fail("outcome-shape", "expected syscall %u, out_present=%d: %s",
              static_cast<unsigned>(syscall), out_present ? 1 : 0, Show(r).c_str());
}

std::optional<Violation> CheckClockIdClass(ref::Generation generation, std::int32_t clock_id,
                                           const ClockResult& r, bool getres) {
  const ref::ClockIdClass c = ref::ClassifyClockId(generation, clock_id);
  const bool out_of_range = c == ref::ClockIdClass::kOutOfRange;
  const bool not_in_vdso = c == ref::ClockIdClass::kNotInVdso;
  const bool says_out_of_range = r.fallback == ref::FallbackReason::kClockIdOutOfRange;
  const bool says_not_in_vdso = r.fallback == ref::FallbackReason::kClockIdNotInVdso;
  bool ok = out_of_range == says_out_of_range && not_in_vdso == says_not_in_vdso;
  // clock_getres reads page 0's clock_mode (the namespace switch) before its mask test.
  const std::uint32_t allowed_reads = getres && not_in_vdso ? 1 : 0;
  if (out_of_range || not_in_vdso) {
    ok = ok && r.outcome == Outcome::kFallback && r.stats.reads <= allowed_reads;
  }
  if (ok) return {};
  return Fail("clock-id-class", "generation %s clock_id=%d class=%d: %s",
              std::string(ref::GenerationName(generation)).c_str(), clock_id, static_cast<int>(c),
              Show(r).c_str());
}

std::optional<Violation> CheckSeqDecidesSpin(const ModelInput& input, const ref::VvarState& state,
                                             const ClockResult& r) {
  ref::ClockSlot slot;
  if (!SlotOfClockId(input.generation, input.clock_id, &slot)) return {};
  if (r.fallback == ref::FallbackReason::kAuxClocksNotBuilt) return {};
  const ref::VdsoClock& page0 = ref::ClockAt(state, slot);
  bool odd = (page0.seq & 1u) != 0;
  const bool redirect = odd && input.time_namespaces && page0.clock_mode == ref::kClockModeTimens;
  std::uint32_t seq_read = page0.seq;
  if (redirect) {
    slot.page = 1;
    const ref::VdsoClock& page1 = ref::ClockAt(state, slot);
    seq_read = page1.seq;
    // do_aux() redirects again on a second namespace page, past the model's pages.
    if (slot.aux && (page1.seq & 1u) && page1.clock_mode == ref::kClockModeTimens) return {};
    odd = (page1.seq & 1u) != 0;
  }
  const bool spun = r.outcome == Outcome::kWouldSpin && r.spin == ref::SpinKind::kOddSeq;
  const bool ok =
      odd ? spun : (r.outcome != Outcome::kWouldSpin && (redirect || r.stats.seq_retries == 0));
  if (ok) return {};
  return Fail("seq-decides-spin", "seq read=%u (page0 seq=%u mode=%d, redirect=%d) but: %s",
              seq_read, page0.seq, page0.clock_mode, redirect ? 1 : 0, Show(r).c_str());
}

std::optional<Violation> CheckGettimeofdayAgrees(const ModelInput& input,
                                                 const ref::VvarState& state, const ClockResult& rt,
                                                 const ref::GettimeofdayResult& g) {
  bool ok = true;
  if (input.out_present) {
    switch (rt.outcome) {
      case Outcome::kReturned:
        ok = g.outcome == Outcome::kReturned && g.tv_written && g.path == rt.path &&
             g.tv.tv_sec == rt.ts.tv_sec &&
             g.tv.tv_usec == static_cast<std::uint32_t>(rt.ts.tv_nsec) / 1000;
        break;
      case Outcome::kFallback:
        ok = g.outcome == Outcome::kFallback && g.syscall == ref::Syscall::kGettimeofday &&
             !g.tv_written && !g.tz_written;
        break;
      case Outcome::kWouldSpin:
        ok = g.outcome == Outcome::kWouldSpin && g.spin == rt.spin;
        break;
      case Outcome::kOutsideModel:
        ok = false;  // REALTIME never goes through do_aux()
        break;
    }
  } else {
    ok = g.outcome == Outcome::kReturned && !g.tv_written;
  }
  if (ok && g.outcome == Outcome::kReturned) {
    const ref::VdsoTimeTail& tail = TailPage(input, state).tail[0];
    ok = g.tz_written == input.tz_present &&
         (!input.tz_present ||
          (g.tz.tz_minuteswest == tail.tz_minuteswest && g.tz.tz_dsttime == tail.tz_dsttime));
  }
  if (ok) return {};
  return Fail("gettimeofday-agrees",
              "tv_present=%d tz_present=%d clock_gettime(REALTIME): %s; "
              "gettimeofday: %s",
              input.out_present ? 1 : 0, input.tz_present ? 1 : 0, Show(rt).c_str(),
              ref::Describe(g).c_str());
}

std::optional<Violation> CheckGetresValue(const ModelInput& input, const ref::VvarState& state,
                                          const ClockResult& r) {
  const ref::ClockIdClass c = ref::ClassifyClockId(input.generation, input.clock_id);
  std::int64_t expected_ns = -1;
  switch (c) {
    case ref::ClockIdClass::kHres:
    case ref::ClockIdClass::kRaw:
      expected_ns = TailPage(input, state).tail[0].hrtimer_res;
      break;
    case ref::ClockIdClass::kCoarse:
      expected_ns = static_cast<std::int64_t>(ref::TickNsec(input.hz));
      break;
    case ref::ClockIdClass::kAux:
      expected_ns = 1;
      break;
    case ref::ClockIdClass::kNotInVdso:
    case ref::ClockIdClass::kOutOfRange:
      break;
  }
  bool ok = r.stats.seq_retries == 0 && r.outcome != Outcome::kWouldSpin;
  if (IsServed(c)) {
    ok = ok && r.outcome == Outcome::kReturned &&
         (!input.out_present || (r.ts.tv_sec == 0 && r.ts.tv_nsec == expected_ns));
  }
  if (ok) return {};
  return Fail("getres-value", "clock_id=%d class=%d expected {0,%lld}: %s", input.clock_id,
              static_cast<int>(c), static_cast<long long>(expected_ns), Show(r).c_str());
}

namespace {

// The clock structure the writer of `input` updates: the id's own, or clock[0] when it has none.
const ClockFields& WrittenClockOf(const ModelInput& input) {
  ref::ClockSlot slot;
  const bool served = SlotOfClockId(input.generation, input.clock_id, &slot);
  return served && (slot.aux || slot.index != ref::kCsHresCoarse) ? input.other : input.hres;
}

// Whether no-torn-value applies: the writer follows the protocol (seq even before and after,
// and changed), and the pages are what they claim: a real page never says TIMENS (an odd seq
// there would send the reader to page 1), a namespace page always does, with seq 1.
bool NoTornValueApplies(const ModelInput& input) {
  const ClockFields& written = WrittenClockOf(input);
  const std::uint32_t seq_before = written.seq;
  const std::uint32_t seq_after = input.writer.seq_after;
  if ((seq_before & 1u) || (seq_after & 1u) || seq_before == seq_after) return false;
  if (written.clock_mode == ref::kClockModeTimens) return false;
  return !input.in_timens || (input.ns.seq == 1 && input.ns.clock_mode == ref::kClockModeTimens);
}

}  // namespace

std::optional<Violation> CheckNoTornValue(const ModelInput& input, const ClockResult& w,
                                          const ClockResult& before, const ClockResult& after) {
  if (!NoTornValueApplies(input)) return {};
  const std::uint32_t seq_before = WrittenClockOf(input).seq;
  const std::uint32_t seq_after = input.writer.seq_after;
  bool ok = true;
  const char* why = "";
  if (w.outcome == Outcome::kReturned) {
    const bool from_before = before.outcome == Outcome::kReturned && w.ts == before.ts;
    const bool from_after = after.outcome == Outcome::kReturned && w.ts == after.ts;
    ok = from_before || from_after;
    why = "a value of neither state";
    const bool overlapped = input.writer.odd_from > 0 && input.writer.odd_from < before.stats.reads;
    if (ok && overlapped && !input.in_timens && before.outcome == Outcome::kReturned &&
        w.stats.seq_retries == 0) {
      ok = false;
      why = "the writer overlapped the first section but it was not retried";
    }
  } else if (w.outcome == Outcome::kWouldSpin) {
    ok = before.outcome == Outcome::kWouldSpin || after.outcome == Outcome::kWouldSpin;
    why = "spins although neither state does";
  }
  if (ok) return {};
  return Fail("no-torn-value",
              "%s; writer odd_from=%u odd_reads=%u seq %u->%u; with writer: %s; "
              "before: %s; after: %s",
              why, input.writer.odd_from, input.writer.odd_reads, seq_before, seq_after,
              Show(w).c_str(), Show(before).c_str(), Show(after).c_str());
}

namespace {

// The rules every clock_gettime result obeys; coarse-copy only when `state` is the one state the
// reader saw (an idle writer).
std::optional<Violation> CheckGettimeResult(const ModelInput& input, const ref::VvarState* state,
                                            const ClockResult& r) {
  if (auto v = CheckOutcomeShape(r, ref::Syscall::kClockGettime, true)) return v;
  if (auto v = CheckClockIdClass(input.generation, input.clock_id, r, false)) return v;
  if (auto v = CheckNormalised(r)) return v;
  if (state && r.path == ReaderPath::kCoarse) {
    const int base = BaseIndexOfClockId(input.generation, input.clock_id);
    return CheckCoarseCopy(r, state->time.clock[ref::kCsHresCoarse].basetime[base]);
  }
  return {};
}

}  // namespace

std::optional<Violation> CheckModelInput(const ModelInput& input, ModelStates& states,
                                         BehaviourLog* log) {
  // Only the writer property reads during() and after().
  if (input.property == ModelProperty::kConcurrentWriter) {
    states.Build(input);
  } else {
    states.BuildIdle(input);
  }
  // Calls under an idle writer get the idle budget: same results, and a spin costs a third.
  const ref::ReaderPolicy idle = IdlePolicyOf(input);
  const ref::VvarState& state = states.before();
  switch (input.property) {
    case ModelProperty::kClockGettime: {
      ref::StaticSource source(state, input.counter);
      const ClockResult r = ref::ClockGettime(source, input.clock_id, idle);
      if (log) log->Note(input, 0, r);
      if (auto v = CheckGettimeResult(input, &state, r)) return v;
      return CheckSeqDecidesSpin(input, state, r);
    }
    case ModelProperty::kClockGetres: {
      ref::StaticSource source(state, input.counter);
      const ClockResult r = ref::ClockGetres(source, input.clock_id, input.out_present, idle);
      if (log) log->Note(input, 0, r);
      if (auto v = CheckOutcomeShape(r, ref::Syscall::kClockGetres, input.out_present)) return v;
      if (auto v = CheckClockIdClass(input.generation, input.clock_id, r, true)) return v;
      return CheckGetresValue(input, state, r);
    }
    case ModelProperty::kGettimeofday: {
      ref::StaticSource source(state, input.counter);
      const ClockResult rt = ref::ClockGettime(source, ref::kClockRealtime, idle);
      const ref::GettimeofdayResult g =
          ref::Gettimeofday(source, input.out_present, input.tz_present, idle);
      if (log) {
        log->Note(input, 0, rt);
        log->Note(input, 1, g);
      }
      return CheckGettimeofdayAgrees(input, state, rt, g);
    }
    case ModelProperty::kConcurrentWriter: {
      WriterSource writer(states, input);
      const ClockResult w = ref::ClockGettime(writer, input.clock_id, WriterPolicyOf(input));
      if (log) log->Note(input, 0, w);
      if (auto v = CheckGettimeResult(input, nullptr, w)) return v;
      // The idle calls no-torn-value compares with are made only when they can decide it (they
      // were two thirds of this property's reader work): not when the rule does not apply or
      // the call fell back, and not the one on the state after when the state before already
      // explains `w` (the same value, or a spin too): CheckNoTornValue's verdict then does not
      // depend on `after`, so `before` stands in for it.
      const bool decidable =
          w.outcome == ref::Outcome::kReturned || w.outcome == ref::Outcome::kWouldSpin;
      if (!decidable || !NoTornValueApplies(input)) return {};
      ref::StaticSource before_source(states.before(), input.counter);
      const ClockResult before = ref::ClockGettime(before_source, input.clock_id, idle);
      const bool explained = w.outcome == before.outcome &&
                             (w.outcome == ref::Outcome::kWouldSpin || w.ts == before.ts);
      if (explained) return CheckNoTornValue(input, w, before, before);
      ref::StaticSource after_source(states.after(), input.writer.counter_after);
      const ClockResult after = ref::ClockGettime(after_source, input.clock_id, idle);
      return CheckNoTornValue(input, w, before, after);
    }
  }
  return {};
}

void CheckModelBytesOrAbort(std::span<const std::uint8_t> bytes) {
  static ModelStates* const states = new ModelStates();  // ~24 KiB, reused by every input
  const ModelInput input = ReadModelInput(bytes);
  BehaviourLog log;
  const std::optional<Violation> violation = CheckModelInput(input, *states, &log);
  ReportBehaviour(log);
  if (violation) {
    std::fprintf(stderr, "vdsoconf-model-invariant: %.*s: %s\n",
                 static_cast<int>(violation->rule.size()), violation->rule.data(),
                 violation->details.c_str());
    std::abort();
  }
}

}  // namespace vdsoconf::fuzz
