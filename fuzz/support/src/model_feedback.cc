#include "vdsoconf/fuzz/model_feedback.h"

#include <algorithm>
#include <bit>

#include "vdsoconf/reference/clock_reader.h"

namespace vdsoconf::fuzz {
namespace {

// libFuzzer's table for target-defined features; it finds the section by its name.
__attribute__((section("__libfuzzer_extra_counters"))) std::uint8_t
    behaviour_counters[kBehaviourFeatures / 8];

// 0, 1, 2, 3 for values 0, 1, 2, >= 3.
std::uint64_t UpToThree(std::uint64_t v) {
  return v < 3 ? v : 3;
}

// __iter_div_u64_rem() iterations: none, one (a normalised sum), a few (seconds of counter
// delta), many (the reader loops for ages), beyond 2^32 (what overflow protection prevents).
std::uint64_t DivisionBucket(std::uint64_t iterations) {
  if (iterations <= 1) return iterations;
  if (iterations < 1000) return 2;
  if (iterations < (std::uint64_t{1} << 32)) return 3;
  return 4;
}

// Packs fields left to right: Put(v, bits) appends `bits` bits of v.
class Tuple {
 public:
  Tuple& Put(std::uint64_t v, unsigned bits) {
    value_ = (value_ << bits) | (v & ((std::uint64_t{1} << bits) - 1));
    return *this;
  }
  // A feature in [0, kBehaviourFeatures): the tuple mixed (splitmix64's finaliser), top bits.
  std::uint16_t Feature(std::uint64_t salt) const {
    std::uint64_t z = value_ ^ (salt * 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    static_assert(std::has_single_bit(kBehaviourFeatures));
    return static_cast<std::uint16_t>(z >> (64 - std::countr_zero(kBehaviourFeatures)));
  }

 private:
  std::uint64_t value_ = 0;
};

// What the input is, beside the call: the fields a decision depends on before any read.
Tuple Context(const ModelInput& input, std::uint8_t call) {
  Tuple t;
  t.Put(static_cast<std::uint64_t>(input.property), 2)
      .Put(static_cast<std::uint64_t>(input.generation), 2)
      .Put(static_cast<std::uint64_t>(ref::ClassifyClockId(input.generation, input.clock_id)), 3)
      .Put(input.in_timens, 1)
      .Put(call, 2);
  return t;
}

template <typename Result>
Tuple Decision(const ModelInput& input, std::uint8_t call, const Result& r, bool stored) {
  return Context(input, call)
      .Put(static_cast<std::uint64_t>(r.outcome), 2)
      .Put(static_cast<std::uint64_t>(r.path), 4)
      .Put(static_cast<std::uint64_t>(r.fallback), 3)
      .Put(static_cast<std::uint64_t>(r.spin), 2)
      .Put(stored, 1);
}

Tuple Effort(const ModelInput& input, std::uint8_t call, ref::ReaderPath path,
             const ref::ReadStats& s) {
  Tuple t;
  t.Put(static_cast<std::uint64_t>(input.property), 2)
      .Put(call, 2)
      .Put(static_cast<std::uint64_t>(path), 4)
      .Put(UpToThree(s.seq_retries), 2)
      .Put(UpToThree(s.timens_redirects), 2)
      .Put(UpToThree(s.odd_seq_spins), 2)
      .Put(UpToThree(s.counter_reads), 2)
      .Put(s.used_mul_u64_u32_add_u64_shr, 1)
      .Put(DivisionBucket(s.division_iterations), 3);
  return t;
}

// Distinct salts keep a decision and an effort with equal packed bits as different features.
constexpr std::uint64_t kDecisionSalt = 1;
constexpr std::uint64_t kEffortSalt = 2;

}  // namespace

template <typename Result>
void BehaviourLog::NoteResult(const ModelInput& input, std::uint8_t call, const Result& r,
                              bool stored) {
  Add(Decision(input, call, r, stored).Feature(kDecisionSalt));
  Add(Effort(input, call, r.path, r.stats).Feature(kEffortSalt));
}

void BehaviourLog::Note(const ModelInput& input, std::uint8_t call, const ref::ClockResult& r) {
  NoteResult(input, call, r, r.ts_written);
}

void BehaviourLog::Note(const ModelInput& input, std::uint8_t call,
                        const ref::GettimeofdayResult& r) {
  NoteResult(input, call, r, r.tv_written || r.tz_written);
}

void ReportBehaviour(const BehaviourLog& log) {
  // libFuzzer turns a counter into one of eight features by the value's bucket (1, 2, 3, 4-7,
  // 8-15, 16-31, 32-127, 128+): feature f is counter f / 8 holding a value of bucket f % 8. Two
  // features of one input in one counter merge into the larger bucket.
  constexpr std::uint8_t kBucketValue[8] = {1, 2, 3, 4, 8, 16, 32, 128};
  for (const std::uint16_t feature : log.features()) {
    std::uint8_t& counter = behaviour_counters[feature / 8];
    counter = std::max(counter, kBucketValue[feature % 8]);
  }
}

std::span<std::uint8_t> BehaviourCounters() {
  return behaviour_counters;
}

}  // namespace vdsoconf::fuzz
