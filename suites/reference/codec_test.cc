#include <gtest/gtest.h>

#include <random>
#include <variant>

#include "vdsoconf/reference/arch_model.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::ref {
namespace {

const Layout& Get(LayoutVariant variant) {
  return *FindLayout(variant).value();
}

std::size_t ImageSize(LayoutVariant variant) {
  return std::size_t{Get(variant).page_count} * kPageSize;
}

// Random bytes in every field position, zero padding.
std::vector<std::uint8_t> RandomFieldBytes(LayoutVariant variant, std::mt19937_64& rng) {
  std::vector<std::uint8_t> bytes(ImageSize(variant), 0);
  for (const LayoutField& f : Get(variant).fields) {
    for (std::uint32_t i = 0; i < f.size; ++i) {
      bytes[f.page * kPageSize + f.offset + i] = static_cast<std::uint8_t>(rng());
    }
  }
  return bytes;
}

void Put(std::vector<std::uint8_t>& bytes, const LayoutField& f, std::uint64_t value) {
  for (std::uint32_t i = 0; i < f.size; ++i) {
    bytes[f.page * kPageSize + f.offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

std::string Anomalies(const std::vector<Anomaly>& anomalies) {
  std::string text;
  for (const Anomaly& a : anomalies)
    text += std::string(AnomalyKindName(a.kind)) + ": " + a.message + "\n";
  return text.empty() ? "(none)" : text;
}

TEST(VvarCodec, BytesToStateToBytesIsIdentity) {
  std::mt19937_64 rng(1);
  for (LayoutVariant v : AllLayoutVariants()) {
    for (int round = 0; round < 20; ++round) {
      const std::vector<std::uint8_t> bytes = RandomFieldBytes(v, rng);
      auto decoded = DecodeVvar(bytes, v);
      ASSERT_TRUE(decoded.ok()) << LayoutVariantName(v) << ": " << decoded.error();
      EXPECT_TRUE(decoded.value().nonzero_padding.empty()) << LayoutVariantName(v);
      auto encoded = EncodeVvar(decoded.value().state);
      ASSERT_TRUE(encoded.ok()) << LayoutVariantName(v) << ": " << encoded.error();
      ASSERT_EQ(encoded.value().size(), bytes.size()) << LayoutVariantName(v);
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        ASSERT_EQ(encoded.value()[i], bytes[i])
            << LayoutVariantName(v) << " round " << round << ": byte " << i << " (page "
            << i / kPageSize << " offset " << i % kPageSize << ")";
      }
    }
  }
}

TEST(VvarCodec, StateToBytesToStateIsIdentity) {
  std::mt19937_64 rng(2);
  for (LayoutVariant v : AllLayoutVariants()) {
    VvarState state;
    state.layout = v;
    for (const LayoutField& f : Get(v).fields) {
      std::visit([&](auto* p) { *p = static_cast<std::remove_pointer_t<decltype(p)>>(rng()); },
                 f.bind(state));
    }
    auto encoded = EncodeVvar(state);
    ASSERT_TRUE(encoded.ok()) << LayoutVariantName(v) << ": " << encoded.error();
    auto decoded = DecodeVvar(encoded.value(), v);
    ASSERT_TRUE(decoded.ok()) << LayoutVariantName(v) << ": " << decoded.error();
    EXPECT_TRUE(decoded.value().state == state) << LayoutVariantName(v);
  }
}

TEST(VvarCodec, DecodesLittleEndianIntoTheNamedModelMember) {
  const LayoutVariant v{Generation::kLinux7_2, false};
  std::vector<std::uint8_t> bytes(ImageSize(v), 0);
  bytes[24] = 0x00, bytes[25] = 0x00, bytes[26] = 0x00, bytes[27] = 0x64;  // mult, live 7.2 page
  Put(bytes, *Get(v).FindField("timens_time_data.clock_data[0].offset[1].sec"),
      static_cast<std::uint64_t>(-5));
  Put(bytes, *Get(v).FindField("vdso_time_data.aux_clock_data[3].shift"), 21);
  Put(bytes, *Get(v).FindField("vdso_rng_data.is_ready"), 1);
  auto decoded = DecodeVvar(bytes, v);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  const VvarState& s = decoded.value().state;
  EXPECT_EQ(s.time.clock[0].mult, 0x64000000u);
  EXPECT_EQ(s.timens.clock[0].basetime[1].OffsetSec(), -5);
  EXPECT_EQ(s.time.aux_clock[3].shift, 21u);
  EXPECT_EQ(s.rng.is_ready, 1);
}

TEST(VvarCodec, WrongSizeIsAnErrorNamingBothSizes) {
  for (LayoutVariant v : AllLayoutVariants()) {
    const std::size_t want = ImageSize(v);
    for (std::size_t size : {std::size_t{0}, want - 1, want + 1, want + kPageSize}) {
      std::vector<std::uint8_t> bytes(size, 0);
      auto decoded = DecodeVvar(bytes, v);
      ASSERT_FALSE(decoded.ok()) << LayoutVariantName(v) << " accepted " << size << " bytes";
      EXPECT_NE(decoded.error().find(std::to_string(size) + " bytes"), std::string::npos)
          << decoded.error();
      EXPECT_NE(decoded.error().find(std::to_string(want) + " bytes"), std::string::npos)
          << decoded.error();
    }
  }
}

TEST(VvarCodec, UnknownGenerationIsAnError) {
  const LayoutVariant bad{static_cast<Generation>(3), false};
  std::vector<std::uint8_t> bytes(4 * kPageSize, 0);
  auto decoded = DecodeVvar(bytes, bad);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().find("unknown vvar layout generation 3"), std::string::npos)
      << decoded.error();
  VvarState state;
  state.layout = bad;
  auto encoded = EncodeVvar(state);
  ASSERT_FALSE(encoded.ok());
  EXPECT_NE(encoded.error().find("unknown vvar layout generation 3"), std::string::npos)
      << encoded.error();
  EXPECT_FALSE(DecodeVvar(bytes, {Generation::kLinux6_1, true}).ok()) << "6.1 has no max_cycles";
}

TEST(VvarCodec, DecodeReportsNonZeroPaddingRuns) {
  const LayoutVariant v{Generation::kLinux7_2, false};
  std::vector<std::uint8_t> bytes(ImageSize(v), 0);
  const LayoutField& ready = *Get(v).FindField("vdso_arch_data.ready");
  bytes[3 * kPageSize + ready.offset + 1] = 0xff;  // struct tail padding after `ready`
  bytes[3 * kPageSize + ready.offset + 2] = 0x01;
  bytes[kPageSize - 1] = 0x5a;  // unused rest of page 0
  auto decoded = DecodeVvar(bytes, v);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  const std::vector<ByteRange> expected = {ByteRange{0, kPageSize - 1, 1},
                                           ByteRange{3, ready.offset + 1, 2}};
  EXPECT_EQ(decoded.value().nonzero_padding, expected)
      << "got " << decoded.value().nonzero_padding.size() << " runs";
  VvarState state = decoded.value().state;
  EXPECT_EQ(*std::get<std::uint8_t*>(ready.bind(state)), 0) << "padding must not leak into fields";
}

TEST(VvarCodec, EncodeRefusesMembersTheGenerationLacks) {
  VvarState state;
  state.layout = {Generation::kLinux6_12, false};
  state.time.clock[0].max_cycles = 5;
  auto encoded = EncodeVvar(state);
  ASSERT_FALSE(encoded.ok());
  EXPECT_NE(encoded.error().find("time.clock[0].max_cycles = 5"), std::string::npos)
      << encoded.error();
  state.layout.overflow_protect = true;
  EXPECT_TRUE(EncodeVvar(state).ok()) << "with overflow protection max_cycles is a field";
}

TEST(Validate, PlausibleStatesHaveNoAnomalies) {
  for (LayoutVariant v : AllLayoutVariants()) {
    VvarState state;
    state.layout = v;
    const std::int32_t counter_mode = ArchOfUnnamedCalls().CounterClockMode();
    state.time.clock[0] = VdsoClock{0x30a, counter_mode, 1, 0, ~0ull, 0x64000000, 24, {}};
    state.timens.clock[0].clock_mode = kClockModeTimens;
    const std::vector<Anomaly> anomalies = Validate(state);
    EXPECT_TRUE(anomalies.empty()) << LayoutVariantName(v) << ":\n" << Anomalies(anomalies);
  }
}

struct AnomalyCase {
  const char* what;
  LayoutVariant variant;
  void (*mutate)(VvarState&);
  AnomalyKind kind;
  const char* member;
};

TEST(Validate, EachAnomalyIsReported) {
  const AnomalyCase cases[] = {
      {"shift 64",
       {Generation::kLinux7_2, false},
       [](VvarState& s) { s.time.aux_clock[2].shift = 64; },
       AnomalyKind::kShiftTooLarge,
       "time.aux_clock[2].shift"},
      {"shift 200 in timens",
       {Generation::kLinux6_1, false},
       [](VvarState& s) { s.timens.clock[1].shift = 200; },
       AnomalyKind::kShiftTooLarge,
       "timens.clock[1].shift"},
      {"clock_mode 2",
       {Generation::kLinux6_12, false},
       [](VvarState& s) { s.time.clock[1].clock_mode = 2; },
       AnomalyKind::kUnknownClockMode,
       "time.clock[1].clock_mode"},
      {"clock_mode -1",
       {Generation::kLinux7_2, true},
       [](VvarState& s) { s.time.clock[0].clock_mode = -1; },
       AnomalyKind::kUnknownClockMode,
       "time.clock[0].clock_mode"},
      {"rng is_ready 3",
       {Generation::kLinux7_2, false},
       [](VvarState& s) { s.rng.is_ready = 3; },
       AnomalyKind::kNotBoolean,
       "rng.is_ready"},
      {"6.12 has no rng page",
       {Generation::kLinux6_12, false},
       [](VvarState& s) { s.rng.generation = 9; },
       AnomalyKind::kAbsentFieldNonZero,
       "rng.generation"},
      {"7.2 has one tail",
       {Generation::kLinux7_2, false},
       [](VvarState& s) { s.time.tail[1].hrtimer_res = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "time.tail[1].hrtimer_res"},
      {"6.1 has no aux clocks",
       {Generation::kLinux6_1, false},
       [](VvarState& s) { s.timens.aux_clock[7].mult = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "timens.aux_clock[7].mult"},
  };
  for (const AnomalyCase& c : cases) {
    VvarState state;
    state.layout = c.variant;
    c.mutate(state);
    const std::vector<Anomaly> anomalies = Validate(state);
    ASSERT_EQ(anomalies.size(), 1u) << c.what << ":\n" << Anomalies(anomalies);
    EXPECT_EQ(anomalies[0].kind, c.kind) << c.what << ":\n" << Anomalies(anomalies);
    EXPECT_EQ(anomalies[0].member, c.member) << c.what;
    EXPECT_NE(anomalies[0].message.find(c.member), std::string::npos) << anomalies[0].message;
  }
}

TEST(Validate, UnknownLayoutIsTheOnlyAnomaly) {
  VvarState state;
  state.layout = {static_cast<Generation>(200), false};
  state.time.clock[0].shift = 99;
  const std::vector<Anomaly> anomalies = Validate(state);
  ASSERT_EQ(anomalies.size(), 1u) << Anomalies(anomalies);
  EXPECT_EQ(anomalies[0].kind, AnomalyKind::kUnknownLayout);
  EXPECT_NE(anomalies[0].message.find("200"), std::string::npos) << anomalies[0].message;
}

}  // namespace
}  // namespace vdsoconf::ref
