// check-image.field_sensitivity without QEMU: the perturbation plan covers every byte, and the
// judge reports unexpected reads, missing reads and wrong values on synthetic image answers.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "field_sensitivity_map.h"
#include "vdsoconf/reference/vvar_codec.h"
#include "vdsoconf/riscv/check/vvar_states.h"

namespace vdsoconf::riscv::check {
namespace {

struct Fixture {
  Fixture() {
    policy.generation = ref::Generation::kLinux7_2;
    states = GenerateStates(policy);
    layout = ref::FindLayout({policy.generation, false}).value();
  }
  const GeneratedState& state() const { return states.Representative(); }
  std::uint64_t counter() const { return state().counters.front(); }
  ExpectedCall Model(const SensitivityCall& call, const std::vector<std::uint8_t>& bytes) const {
    auto decoded = ref::DecodeVvar(bytes, layout->variant);
    return PredictSensitivityCall(call, decoded.value().state, counter(), policy).value();
  }
  ref::ReaderPolicy policy;
  StateSet states;
  const ref::Layout* layout = nullptr;
};

// What an image that agrees with `expected` reports.
CallResult ImageAnswering(const ExpectedCall& expected) {
  CallResult result;
  result.outcome = expected.path == ExpectedCall::Path::kHang ? protocol::Outcome::kHang
                                                              : protocol::Outcome::kReturned;
  result.return_value = expected.return_value;
  result.counter_reads = expected.counter_reads.value_or(0);
  result.buffers = expected.buffers;
  if (expected.path == ExpectedCall::Path::kFallback) {
    CaughtEcall ecall;
    ecall.number = expected.syscall;
    for (std::size_t i = 0; i < expected.syscall_args.size() && i < 6; ++i) {
      ecall.args[i] = expected.syscall_args[i].kind == ExpectedArg::Kind::kNonNull
                          ? 0x1000
                          : expected.syscall_args[i].value;
    }
    result.ecalls.push_back(ecall);
  }
  return result;
}

std::uint32_t OffsetOf(const ref::Layout& layout, const std::string& field) {
  const ref::LayoutField* f = layout.FindField(field);
  EXPECT_NE(f, nullptr) << field;
  return f ? f->page * ref::kPageSize + f->offset : 0;
}

TEST(SensitivityPlan, FlipsCoverEveryByteOnceAndPaddingRunsHoldNoField) {
  Fixture f;
  const auto plan = PlanPerturbations(*f.layout, f.state().bytes);
  std::uint32_t next = 0;
  std::size_t zeroings = 0;
  for (const Perturbation& p : plan) {
    if (p.zero) {
      ++zeroings;
      EXPECT_NE(f.state().bytes.at(p.offset), 0) << "byte " << p.offset << " is already zero";
      continue;
    }
    ASSERT_EQ(p.offset, next) << "gap or overlap at " << p.offset;
    for (std::uint32_t k = 0; k < p.length; ++k) {
      const std::uint32_t at = p.offset + k;
      EXPECT_EQ(f.layout->FieldAt(at / ref::kPageSize, at % ref::kPageSize) == nullptr, p.padding)
          << "byte " << at << " " << ByteName(*f.layout, at);
    }
    next += p.length;
  }
  EXPECT_EQ(next, f.layout->page_count * ref::kPageSize);
  EXPECT_GT(zeroings, 0u);
}

// The shortcut the check takes for the model (set one field) equals decoding the perturbed bytes.
TEST(SensitivityPlan, PerturbedStateEqualsDecodingThePerturbedBytes) {
  Fixture f;
  std::size_t compared = 0;
  for (const Perturbation& p : PlanPerturbations(*f.layout, f.state().bytes)) {
    if (p.padding || p.offset % 7 != 0) continue;  // a spread sample keeps the test fast
    const auto shortcut = PerturbedState(*f.layout, f.state().state, f.state().bytes, p);
    auto decoded = ref::DecodeVvar(Perturbed(f.state().bytes, p), f.layout->variant);
    ASSERT_TRUE(shortcut.has_value()) << ByteName(*f.layout, p.offset);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_TRUE(*shortcut == decoded.value().state)
        << ByteName(*f.layout, p.offset) << " " << p.Describe();
    ++compared;
  }
  EXPECT_GT(compared, 100u);
}

TEST(SensitivityJudge, AgreeingAnswersGiveTheModelsFieldsAndNoDivergence) {
  Fixture f;
  const SensitivityCall call{SensitivityCall::Entry::kClockGettime, ref::kClockMonotonic};
  const ExpectedCall base = f.Model(call, f.state().bytes);
  std::vector<PerturbationOutcome> outcomes;
  // The top byte: the low ones move the answer by less than a nanosecond at this small delta.
  const Perturbation mult{OffsetOf(*f.layout, "vdso_time_data.clock_data[0].mult") + 3, 1, false};
  const ExpectedCall changed = f.Model(call, Perturbed(f.state().bytes, mult));
  outcomes.push_back({mult, ImageAnswering(changed), changed});
  const Perturbation pad{4000, 64, true};
  outcomes.push_back({pad, ImageAnswering(base), base});
  const SensitivityMap map = JudgeSensitivity(*f.layout, base, ImageAnswering(base), outcomes);
  EXPECT_TRUE(map.divergences.empty()) << map.divergences.front().detail;
  EXPECT_EQ(map.fields_read, std::vector<std::string>{"vdso_time_data.clock_data[0].mult"});
  EXPECT_EQ(map.judged, 2u);
}

// An image with a wrong basetime index reads basetime[0] for CLOCK_MONOTONIC: flipping it
// changes the image's answer but not the model's.
TEST(SensitivityJudge, ReadingAByteTheModelDoesNotReadIsAnUnexpectedRead) {
  Fixture f;
  const SensitivityCall call{SensitivityCall::Entry::kClockGettime, ref::kClockMonotonic};
  const ExpectedCall base = f.Model(call, f.state().bytes);
  const Perturbation wrong_base{OffsetOf(*f.layout, "vdso_time_data.clock_data[0].basetime[0].sec"),
                                1, false};
  const ExpectedCall model = f.Model(call, Perturbed(f.state().bytes, wrong_base));
  ASSERT_TRUE(SameExpectation(model, base)) << "MONOTONIC must not read basetime[0]";
  CallResult image = ImageAnswering(base);
  image.buffers[0][0] ^= 0xff;  // the image's seconds moved
  const SensitivityMap map =
      JudgeSensitivity(*f.layout, base, ImageAnswering(base), {{wrong_base, image, model}});
  ASSERT_EQ(map.divergences.size(), 1u);
  EXPECT_EQ(map.divergences[0].finding, SensitivityFinding::kUnexpectedRead)
      << map.divergences[0].detail;
  EXPECT_EQ(map.divergences[0].field, "vdso_time_data.clock_data[0].basetime[0].sec");
}

// An image that does not apply the mask ignores it: flipping the mask's top byte changes the
// model's answer (the delta is masked) but not the image's.
TEST(SensitivityJudge, IgnoringAByteTheModelReadsIsAMissingRead) {
  Fixture f;
  const SensitivityCall call{SensitivityCall::Entry::kClockGettime, ref::kClockRealtime};
  const ExpectedCall base = f.Model(call, f.state().bytes);
  const Perturbation mask{OffsetOf(*f.layout, "vdso_time_data.clock_data[0].mask"), 1, false, true};
  const ExpectedCall model = f.Model(call, Perturbed(f.state().bytes, mask));
  ASSERT_FALSE(SameExpectation(model, base)) << "zeroing the mask's low byte must matter";
  const SensitivityMap map = JudgeSensitivity(*f.layout, base, ImageAnswering(base),
                                              {{mask, ImageAnswering(base), model}});
  ASSERT_EQ(map.divergences.size(), 1u);
  EXPECT_EQ(map.divergences[0].finding, SensitivityFinding::kMissingRead)
      << map.divergences[0].detail;
}

TEST(SensitivityJudge, ADifferentChangeIsAWrongValue) {
  Fixture f;
  const SensitivityCall call{SensitivityCall::Entry::kGettimeofday, 0};
  const ExpectedCall base = f.Model(call, f.state().bytes);
  const Perturbation tz{OffsetOf(*f.layout, "vdso_time_data.tz_minuteswest"), 1, false};
  const ExpectedCall model = f.Model(call, Perturbed(f.state().bytes, tz));
  ASSERT_FALSE(SameExpectation(model, base)) << "gettimeofday must read tz_minuteswest";
  CallResult image = ImageAnswering(model);
  image.buffers[1][1] ^= 1;
  const SensitivityMap map =
      JudgeSensitivity(*f.layout, base, ImageAnswering(base), {{tz, image, model}});
  ASSERT_EQ(map.divergences.size(), 1u);
  EXPECT_EQ(map.divergences[0].finding, SensitivityFinding::kWrongValue);
}

TEST(SensitivityJudge, PaddingIsNamedByPageAndOffset) {
  Fixture f;
  EXPECT_EQ(ByteName(*f.layout, 2 * ref::kPageSize + 0x7c0), "padding page 2 +0x7c0");
}

}  // namespace
}  // namespace vdsoconf::riscv::check
