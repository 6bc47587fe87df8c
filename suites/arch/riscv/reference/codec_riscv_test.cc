// RISC-V's vvar data and clock mode through the generic codec (vvar_codec.h): where the hwprobe
// cache lives in each generation, the names and rules Validate gives its members, and the clock
// modes it accepts. The generic codec properties are in suites/reference/codec_test.cc.
#include <gtest/gtest.h>

#include "vdsoconf/reference/riscv/riscv64_model.h"
#include "vdsoconf/reference/vvar_codec.h"

namespace vdsoconf::ref::riscv {
namespace {

const Layout& Get(LayoutVariant variant) {
  return *Riscv64Model().FindLayout(variant).value();
}

std::vector<std::uint8_t> ZeroImage(LayoutVariant variant) {
  return std::vector<std::uint8_t>(std::size_t{Get(variant).page_count} * kPageSize, 0);
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

TEST(RiscvVvarData, Linux7_2HwprobeLivesInTheArchPage) {
  const LayoutVariant v{Generation::kLinux7_2, false};
  std::vector<std::uint8_t> bytes = ZeroImage(v);
  Put(bytes, *Get(v).FindField("vdso_arch_data.all_cpu_hwprobe_values[16]"), 0xabcdef);
  Put(bytes, *Get(v).FindField("vdso_arch_data.ready"), 1);
  auto decoded = DecodeVvar(bytes, v);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  const VvarState& s = decoded.value().state;
  EXPECT_EQ(s.arch.riscv.all_cpu_hwprobe_values[16], 0xabcdefu);
  EXPECT_EQ(s.arch.riscv.ready, 1);
  EXPECT_EQ(s.time.arch_in_time_data[0], ArchTimeData{}) << "7.2 has no arch data in time data";
}

TEST(RiscvVvarData, Linux6_12HwprobeLivesInEachVdsoDataCopy) {
  const LayoutVariant v{Generation::kLinux6_12, true};
  std::vector<std::uint8_t> bytes = ZeroImage(v);
  Put(bytes, *Get(v).FindField("vdso_data[1].arch_data.homogeneous_cpus"), 1);
  Put(bytes, *Get(v).FindField("vdso_data[0].arch_data.all_cpu_hwprobe_values[9]"), 77);
  auto decoded = DecodeVvar(bytes, v);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(decoded.value().state.time.arch_in_time_data[1].riscv.homogeneous_cpus, 1);
  EXPECT_EQ(decoded.value().state.time.arch_in_time_data[0].riscv.all_cpu_hwprobe_values[9], 77u);
  EXPECT_EQ(decoded.value().state.arch, ArchPages{}) << "6.12 has no arch page";
}

TEST(RiscvVvarData, ArchPageRoundTrips) {
  const LayoutVariant v{Generation::kLinux7_2, true};
  VvarState state;
  state.layout = v;
  for (int key = 0; key <= 16; ++key) {
    state.arch.riscv.all_cpu_hwprobe_values[static_cast<std::size_t>(key)] = 0x1000u + key;
  }
  state.arch.riscv.homogeneous_cpus = 1;
  state.arch.riscv.ready = 1;
  auto encoded = EncodeVvar(state);
  ASSERT_TRUE(encoded.ok()) << encoded.error();
  auto decoded = DecodeVvar(encoded.value(), v);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_TRUE(decoded.value().state == state);
}

struct AnomalyCase {
  const char* what;
  LayoutVariant variant;
  void (*mutate)(VvarState&);
  AnomalyKind kind;
  const char* member;
};

TEST(RiscvVvarData, EachAnomalyIsReportedUnderTheKernelsNames) {
  const AnomalyCase cases[] = {
      {"homogeneous_cpus 2 (6.12)",
       {Generation::kLinux6_12, false},
       [](VvarState& s) { s.time.arch_in_time_data[0].riscv.homogeneous_cpus = 2; },
       AnomalyKind::kNotBoolean,
       "time.arch_in_time_data[0].homogeneous_cpus"},
      {"homogeneous_cpus 7 (7.2)",
       {Generation::kLinux7_2, false},
       [](VvarState& s) { s.arch.riscv.homogeneous_cpus = 7; },
       AnomalyKind::kNotBoolean,
       "arch.homogeneous_cpus"},
      {"ready 2",
       {Generation::kLinux7_2, false},
       [](VvarState& s) { s.arch.riscv.ready = 2; },
       AnomalyKind::kNotBoolean,
       "arch.ready"},
      {"6.1 has no hwprobe",
       {Generation::kLinux6_1, false},
       [](VvarState& s) { s.time.arch_in_time_data[0].riscv.homogeneous_cpus = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "time.arch_in_time_data[0].homogeneous_cpus"},
      {"6.12 has 10 hwprobe keys",
       {Generation::kLinux6_12, true},
       [](VvarState& s) { s.time.arch_in_time_data[0].riscv.all_cpu_hwprobe_values[10] = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "time.arch_in_time_data[0].all_cpu_hwprobe_values[10]"},
      {"6.12 has no ready",
       {Generation::kLinux6_12, false},
       [](VvarState& s) { s.time.arch_in_time_data[0].riscv.ready = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "time.arch_in_time_data[0].ready"},
      {"7.2 has no arch data in the time page",
       {Generation::kLinux7_2, true},
       [](VvarState& s) { s.time.arch_in_time_data[0].riscv.all_cpu_hwprobe_values[0] = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "time.arch_in_time_data[0].all_cpu_hwprobe_values[0]"},
      {"6.12 has no arch page",
       {Generation::kLinux6_12, false},
       [](VvarState& s) { s.arch.riscv.all_cpu_hwprobe_values[3] = 1; },
       AnomalyKind::kAbsentFieldNonZero,
       "arch.all_cpu_hwprobe_values[3]"},
  };
  for (const AnomalyCase& c : cases) {
    VvarState state;
    state.layout = c.variant;
    c.mutate(state);
    const std::vector<Anomaly> anomalies = Validate(state, Riscv64Model());
    ASSERT_EQ(anomalies.size(), 1u) << c.what << ":\n" << Anomalies(anomalies);
    EXPECT_EQ(anomalies[0].kind, c.kind) << c.what << ":\n" << Anomalies(anomalies);
    EXPECT_EQ(anomalies[0].member, c.member) << c.what;
    EXPECT_NE(anomalies[0].message.find(c.member), std::string::npos) << anomalies[0].message;
  }
}

TEST(RiscvClockModes, ArchtimerIsTheOnlyArchitectureMode) {
  const ArchModel& model = Riscv64Model();
  ASSERT_EQ(model.ClockModes().size(), 1u);
  EXPECT_EQ(model.ClockModes()[0].name, "ARCHTIMER");
  EXPECT_EQ(model.CounterClockMode(), kClockModeArchtimer);
  EXPECT_EQ(kClockModeArchtimer, 1);
  for (std::int32_t mode : {kClockModeNone, kClockModeArchtimer, kClockModeTimens}) {
    EXPECT_TRUE(IsKnownClockMode(model, mode)) << mode;
  }
  for (std::int32_t mode : {2, 3, -1, kClockModeTimens - 1}) {
    EXPECT_FALSE(IsKnownClockMode(model, mode)) << mode;
  }
}

TEST(RiscvClockModes, AnUnknownModeIsReportedWithTheKnownOnes) {
  VvarState state;
  state.layout = {Generation::kLinux7_2, false};
  state.time.clock[1].clock_mode = 2;
  const std::vector<Anomaly> anomalies = Validate(state, Riscv64Model());
  ASSERT_EQ(anomalies.size(), 1u) << Anomalies(anomalies);
  EXPECT_EQ(anomalies[0].message,
            "time.clock[1].clock_mode = 2: RISC-V clock_mode is 0 (NONE), 1 (ARCHTIMER) or "
            "0x7fffffff (TIMENS) (layout 7.2)");
}

}  // namespace
}  // namespace vdsoconf::ref::riscv
