// __vdso_riscv_hwprobe model. Every expected value is derived by hand from
// arch/riscv/kernel/vdso/hwprobe.c and arch/riscv/kernel/sys_hwprobe.c of 6.12.95 and 7.2.13; the
// derivation is the comment next to each case.
#include "vdsoconf/reference/riscv/hwprobe.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "vdsoconf/reference/riscv/riscv64_model.h"

namespace vdsoconf::ref::riscv {
namespace {

std::string Show(const std::vector<HwprobePair>& pairs) {
  std::ostringstream out;
  for (const HwprobePair& p : pairs)
    out << "{" << p.key << ", 0x" << std::hex << p.value << std::dec << "} ";
  return out.str();
}

// A machine as the kernel would describe it: IDs non-zero and equal across harts (homogeneous),
// IMA_EXT_0 = FD|C|V|ZBA (0xf), a 10 MHz timebase, and key MAX_KEY filled with a marker.
HwprobeCache MachineData(Generation generation) {
  HwprobeCache d;
  d.all_cpu_hwprobe_values[kHwprobeKeyMvendorid] = 0x489;
  d.all_cpu_hwprobe_values[kHwprobeKeyMarchid] = 0x8000000000000007;
  d.all_cpu_hwprobe_values[kHwprobeKeyMimpid] = 0x20181004;
  d.all_cpu_hwprobe_values[kHwprobeKeyBaseBehavior] = 1;
  d.all_cpu_hwprobe_values[kHwprobeKeyImaExt0] = 0xf;
  d.all_cpu_hwprobe_values[kHwprobeKeyCpuperf0] = 3;
  d.all_cpu_hwprobe_values[kHwprobeKeyTimeCsrFreq] = 10'000'000;
  const auto max_key = static_cast<std::size_t>(*HwprobeMaxKey(generation));
  d.all_cpu_hwprobe_values[max_key] = 0x5a5a;
  // Beyond MAX_KEY: a value the vDSO must never return (the kernel leaves it 0; set it to catch
  // a model that indexes past the valid range).
  d.all_cpu_hwprobe_values[max_key + 1] = 0xbad;
  d.homogeneous_cpus = 1;
  d.ready = generation == Generation::kLinux7_2 ? 1 : 0;
  return d;
}

VvarState StateWith(Generation generation, const HwprobeCache& data) {
  VvarState s;
  s.layout.generation = generation;
  s.time.clock[kCsHresCoarse].clock_mode = kClockModeArchtimer;
  if (generation == Generation::kLinux6_12) s.time.arch_in_time_data[0].riscv = data;
  if (generation == Generation::kLinux7_2) s.arch.riscv = data;
  return s;
}

VvarState Machine(Generation generation) {
  return StateWith(generation, MachineData(generation));
}

HwprobeCall AllCpus(std::vector<HwprobePair> pairs) {
  return HwprobeCall{std::move(pairs), 0, std::nullopt, 0};
}

HwprobeCall WhichCpus(std::vector<HwprobePair> pairs, std::vector<std::uint8_t> cpus) {
  const auto size = cpus.size();
  return HwprobeCall{std::move(pairs), size, std::move(cpus), kHwprobeWhichCpus};
}

constexpr Generation kHwprobeGenerations[] = {Generation::kLinux6_12, Generation::kLinux7_2};

TEST(Hwprobe, Linux61HasNoEntryPoint) {
  // 6.1's vdso.lds.S exports no __vdso_riscv_hwprobe (hwprobe.c arrived in 6.5).
  const HwprobeResult r = ModelVdsoHwprobe(Machine(Generation::kLinux7_2), AllCpus({}));
  EXPECT_NE(r.route, HwprobeRoute::kNoEntryPoint);
  VvarState s;
  s.layout.generation = Generation::kLinux6_1;
  EXPECT_EQ(ModelVdsoHwprobe(s, AllCpus({{0, 0}})).route, HwprobeRoute::kNoEntryPoint);
  EXPECT_FALSE(HwprobeKeyIsValid(Generation::kLinux6_1, 0));
}

TEST(Hwprobe, MaxKeyPerGeneration) {
  // RISCV_HWPROBE_MAX_KEY: 9 in 6.12's asm/hwprobe.h, 16 in 7.2's.
  EXPECT_EQ(HwprobeMaxKey(Generation::kLinux6_12), 9);
  EXPECT_EQ(HwprobeMaxKey(Generation::kLinux7_2), 16);
  EXPECT_TRUE(HwprobeKeyIsValid(Generation::kLinux6_12, 9));
  EXPECT_FALSE(HwprobeKeyIsValid(Generation::kLinux6_12, 10));
  EXPECT_TRUE(HwprobeKeyIsValid(Generation::kLinux7_2, 16));
  EXPECT_FALSE(HwprobeKeyIsValid(Generation::kLinux7_2, 17));
  EXPECT_FALSE(HwprobeKeyIsValid(Generation::kLinux7_2, -1));
}

TEST(Hwprobe, AllCpusValidKeysReadTheCache) {
  // get_values, flags 0, cpusetsize 0 and cpus NULL: all_cpus, so no homogeneity gate; each
  // valid key's value = all_cpu_hwprobe_values[key] whatever value the caller passed in.
  for (Generation g : kHwprobeGenerations) {
    const HwprobeResult r = ModelVdsoHwprobe(
        Machine(g), AllCpus({{kHwprobeKeyImaExt0, 0xffff}, {kHwprobeKeyTimeCsrFreq, 0}, {0, 1}}));
    ASSERT_EQ(r.route, HwprobeRoute::kVdsoAnswered) << GenerationName(g);
    EXPECT_EQ(r.return_value, 0);
    const std::vector<HwprobePair> want = {
        {kHwprobeKeyImaExt0, 0xf}, {kHwprobeKeyTimeCsrFreq, 10'000'000}, {0, 0x489}};
    EXPECT_EQ(r.pairs_after, want)
        << GenerationName(g) << " got " << Show(r.pairs_after) << " want " << Show(want);
  }
}

TEST(Hwprobe, InvalidAndHugeKeysBecomeMinusOneZero) {
  // riscv_hwprobe_key_is_valid fails -> p->key = -1, p->value = 0. Keys: -1, INT64_MIN,
  // INT64_MAX, MAX_KEY + 1 (10 on 6.12, 17 on 7.2: the 0xbad marker must not leak).
  for (Generation g : kHwprobeGenerations) {
    const std::int64_t past_max = *HwprobeMaxKey(g) + 1;
    const HwprobeResult r =
        ModelVdsoHwprobe(Machine(g), AllCpus({{-1, 7},
                                              {std::numeric_limits<std::int64_t>::min(), 7},
                                              {std::numeric_limits<std::int64_t>::max(), 7},
                                              {past_max, 7}}));
    ASSERT_EQ(r.route, HwprobeRoute::kVdsoAnswered) << GenerationName(g);
    const std::vector<HwprobePair> want(4, HwprobePair{-1, 0});
    EXPECT_EQ(r.pairs_after, want) << GenerationName(g) << " got " << Show(r.pairs_after);
  }
}

TEST(Hwprobe, KeyTenIsValidOnlyOn72) {
  // Key 10 (MISALIGNED_VECTOR_PERF) exists from 6.13: invalid on 6.12, answered on 7.2.
  VvarState s612 = Machine(Generation::kLinux6_12);
  s612.time.arch_in_time_data[0].riscv.all_cpu_hwprobe_values[10] = 4;
  VvarState s72 = Machine(Generation::kLinux7_2);
  s72.arch.riscv.all_cpu_hwprobe_values[10] = 4;
  EXPECT_EQ(ModelVdsoHwprobe(s612, AllCpus({{10, 0}})).pairs_after,
            (std::vector<HwprobePair>{{-1, 0}}));
  EXPECT_EQ(ModelVdsoHwprobe(s72, AllCpus({{10, 0}})).pairs_after,
            (std::vector<HwprobePair>{{10, 4}}));
}

TEST(Hwprobe, MixedValidAndInvalidKeysAreIndependent) {
  // The loop treats each pair on its own: an invalid key does not stop or alter the others.
  const HwprobeResult r = ModelVdsoHwprobe(
      Machine(Generation::kLinux7_2),
      AllCpus({{kHwprobeKeyMimpid, 0}, {99, 99}, {kHwprobeKeyImaExt1, 0}, {-5, 0}}));
  const std::vector<HwprobePair> want = {
      {kHwprobeKeyMimpid, 0x20181004}, {-1, 0}, {kHwprobeKeyImaExt1, 0x5a5a}, {-1, 0}};
  EXPECT_EQ(r.pairs_after, want) << "got " << Show(r.pairs_after) << " want " << Show(want);
}

TEST(Hwprobe, EmptyPairsReturnZero) {
  // pair_count 0: the while loop never runs; return 0 (pairs may even be NULL).
  for (Generation g : kHwprobeGenerations) {
    const HwprobeResult r = ModelVdsoHwprobe(Machine(g), AllCpus({}));
    EXPECT_EQ(r.route, HwprobeRoute::kVdsoAnswered) << GenerationName(g);
    EXPECT_EQ(r.return_value, 0);
    EXPECT_TRUE(r.pairs_after.empty());
  }
}

TEST(Hwprobe, PartialSetNeedsHomogeneousCpus) {
  // get_values: !all_cpus && !homogeneous_cpus -> syscall. With homogeneous CPUs the vDSO answers
  // from the all-CPU cache without reading the set.
  for (Generation g : kHwprobeGenerations) {
    HwprobeCache d = MachineData(g);
    const HwprobeCall call{{{kHwprobeKeyImaExt0, 0}}, 1, std::vector<std::uint8_t>{1}, 0};
    const HwprobeResult homogeneous = ModelVdsoHwprobe(StateWith(g, d), call);
    EXPECT_EQ(homogeneous.route, HwprobeRoute::kVdsoAnswered) << GenerationName(g);
    EXPECT_EQ(homogeneous.pairs_after, (std::vector<HwprobePair>{{kHwprobeKeyImaExt0, 0xf}}));
    d.homogeneous_cpus = 0;
    const HwprobeResult heterogeneous = ModelVdsoHwprobe(StateWith(g, d), call);
    EXPECT_EQ(heterogeneous.route, HwprobeRoute::kSyscallFallback) << GenerationName(g);
    EXPECT_EQ(heterogeneous.reason, HwprobeFallbackReason::kPartialSetHeterogeneous)
        << HwprobeFallbackReasonName(heterogeneous.reason);
    EXPECT_EQ(heterogeneous.syscall_nr, 258);
    // The syscall's answer for a non-empty set depends on the online mask: unknown.
    EXPECT_EQ(heterogeneous.syscall.return_value, std::nullopt);
    // All CPUs is still answered when heterogeneous.
    EXPECT_EQ(ModelVdsoHwprobe(StateWith(g, d), AllCpus({{0, 0}})).route,
              HwprobeRoute::kVdsoAnswered);
  }
}

TEST(Hwprobe, NotReadyGateOnlyOn72GetValues) {
  // 7.2 get_values: unlikely(!avd->ready) -> syscall. 6.12 has no `ready`: a zero there changes
  // nothing. 7.2 get_cpus has no ready check: answered from the (not ready) cache.
  HwprobeCache d = MachineData(Generation::kLinux7_2);
  d.ready = 0;
  const VvarState s = StateWith(Generation::kLinux7_2, d);
  const HwprobeResult r = ModelVdsoHwprobe(s, AllCpus({{kHwprobeKeyImaExt0, 0}, {42, 0}}));
  EXPECT_EQ(r.route, HwprobeRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, HwprobeFallbackReason::kNotReady) << HwprobeFallbackReasonName(r.reason);
  // The syscall completes the cache first (DO_ONCE_SLEEPABLE), so valid values are unknown here,
  // but the invalid key's {-1, 0} and the return value 0 follow from the code.
  ASSERT_EQ(r.syscall.return_value, 0);
  ASSERT_EQ(r.syscall.pairs_after.size(), 2u);
  EXPECT_EQ(r.syscall.pairs_after[0], (HwprobePredictedPair{kHwprobeKeyImaExt0, std::nullopt}));
  EXPECT_EQ(r.syscall.pairs_after[1], (HwprobePredictedPair{-1, 0}));

  const HwprobeResult cpus = ModelVdsoHwprobe(s, WhichCpus({{kHwprobeKeyImaExt0, 0x1}}, {3}));
  EXPECT_EQ(cpus.route, HwprobeRoute::kVdsoAnswered) << "get_cpus must not check ready";

  HwprobeCache d612 = MachineData(Generation::kLinux6_12);
  d612.ready = 0;
  EXPECT_EQ(ModelVdsoHwprobe(StateWith(Generation::kLinux6_12, d612), AllCpus({{0, 0}})).route,
            HwprobeRoute::kVdsoAnswered);
}

TEST(Hwprobe, ReadySyscallPredictsCachedValues) {
  // Fallback for flags 0 cannot happen with all cpus and ready data, so ask the prediction
  // directly: hwprobe_get_values over cpu_online_mask answers what the cache holds.
  const HwprobeSyscallPrediction p =
      PredictHwprobeSyscall(Machine(Generation::kLinux7_2), AllCpus({{kHwprobeKeyImaExt0, 0}}));
  ASSERT_EQ(p.return_value, 0);
  EXPECT_EQ(p.pairs_after, (std::vector<HwprobePredictedPair>{{kHwprobeKeyImaExt0, 0xf}}));
}

TEST(Hwprobe, WhichCpusMatchingKeysKeepTheSet) {
  // get_cpus: IMA_EXT_0 is a bitmask key: cache 0xf & requested 0x5 == 0x5 -> match. MVENDORID
  // is compared exactly: 0x489 == 0x489. No clear_all: the set is returned unchanged, pairs too.
  for (Generation g : kHwprobeGenerations) {
    const std::vector<HwprobePair> pairs = {{kHwprobeKeyImaExt0, 0x5},
                                            {kHwprobeKeyMvendorid, 0x489}};
    const HwprobeResult r = ModelVdsoHwprobe(Machine(g), WhichCpus(pairs, {0x0f, 0x00, 0x80}));
    ASSERT_EQ(r.route, HwprobeRoute::kVdsoAnswered) << GenerationName(g);
    EXPECT_EQ(r.return_value, 0);
    EXPECT_EQ(r.pairs_after, pairs) << Show(r.pairs_after);
    EXPECT_EQ(r.cpus_after, (std::vector<std::uint8_t>{0x0f, 0x00, 0x80}));
  }
}

TEST(Hwprobe, WhichCpusMismatchClearsTheWholeSet) {
  // IMA_EXT_0 0x10 (ZBB) is not in the cache 0xf -> clear_all -> all cpusetsize bytes zeroed.
  // MVENDORID 0x48a != 0x489 -> clear_all too (exact compare for non-bitmask keys).
  for (const HwprobePair& asked : {HwprobePair{kHwprobeKeyImaExt0, 0x10}, HwprobePair{0, 0x48a}}) {
    const HwprobeResult r =
        ModelVdsoHwprobe(Machine(Generation::kLinux7_2), WhichCpus({asked}, {0xff, 0x01}));
    ASSERT_EQ(r.route, HwprobeRoute::kVdsoAnswered);
    EXPECT_EQ(r.cpus_after, (std::vector<std::uint8_t>{0, 0})) << "key " << asked.key;
    EXPECT_EQ(r.pairs_after, (std::vector<HwprobePair>{asked})) << "valid pairs stay as given";
  }
}

TEST(Hwprobe, WhichCpusInvalidKeyClearsSetAndRewritesPair) {
  // Invalid key: clear_all and p = {-1, 0}; later valid pairs are still compared (the vDSO has no
  // early exit, unlike the syscall's `continue`, but the visible result is the same).
  const HwprobeResult r = ModelVdsoHwprobe(
      Machine(Generation::kLinux6_12),
      WhichCpus({{kHwprobeKeyImaExt0, 1}, {1000, 5}, {kHwprobeKeyMimpid, 0}}, {0x3}));
  ASSERT_EQ(r.route, HwprobeRoute::kVdsoAnswered);
  const std::vector<HwprobePair> want = {{kHwprobeKeyImaExt0, 1}, {-1, 0}, {kHwprobeKeyMimpid, 0}};
  EXPECT_EQ(r.pairs_after, want) << Show(r.pairs_after);
  EXPECT_EQ(r.cpus_after, (std::vector<std::uint8_t>{0}));
}

TEST(Hwprobe, WhichCpusWithoutSetIsEinvalInTheVdso) {
  // get_cpus: `if (!cpusetsize || !cpus) return -EINVAL;` before any other check, even with
  // unknown flag bits (flags 3).
  for (std::uint32_t flags : {1u, 3u}) {
    HwprobeCall null_cpus{{{0, 0}}, 8, std::nullopt, flags};
    HwprobeCall zero_size{{{0, 0}}, 0, std::vector<std::uint8_t>{1}, flags};
    for (const HwprobeCall& call : {null_cpus, zero_size}) {
      const HwprobeResult r = ModelVdsoHwprobe(Machine(Generation::kLinux7_2), call);
      EXPECT_EQ(r.route, HwprobeRoute::kVdsoAnswered) << "flags " << flags;
      EXPECT_EQ(r.return_value, -22) << "flags " << flags << " size " << call.cpusetsize;
      EXPECT_EQ(r.pairs_after, call.pairs);
    }
  }
}

TEST(Hwprobe, WhichCpusEmptySetFallsBack) {
  // All cpusetsize bytes zero -> syscall; the syscall substitutes the online mask, so its answer
  // is unknown except that the pair is valid and untouched.
  const HwprobeResult r =
      ModelVdsoHwprobe(Machine(Generation::kLinux7_2), WhichCpus({{0, 0x489}}, {0, 0, 0, 0}));
  EXPECT_EQ(r.route, HwprobeRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, HwprobeFallbackReason::kEmptyCpuSet) << HwprobeFallbackReasonName(r.reason);
}

TEST(Hwprobe, WhichCpusUnknownFlagBitsFallBackToEinval) {
  // flags 3: WHICH_CPUS set, so get_cpus; non-empty set; flags != WHICH_CPUS -> syscall, whose
  // hwprobe_get_cpus returns -EINVAL for flags != WHICH_CPUS and touches nothing.
  HwprobeCall call = WhichCpus({{1000, 1}}, {1});
  call.flags = 3;
  const HwprobeResult r = ModelVdsoHwprobe(Machine(Generation::kLinux7_2), call);
  EXPECT_EQ(r.route, HwprobeRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, HwprobeFallbackReason::kFlagsNotWhichCpus)
      << HwprobeFallbackReasonName(r.reason);
  EXPECT_EQ(r.syscall.return_value, -22);
  EXPECT_EQ(r.syscall.pairs_after, (std::vector<HwprobePredictedPair>{{1000, 1}}));
}

TEST(Hwprobe, WhichCpusHeterogeneousFallsBack) {
  // get_cpus: !homogeneous_cpus -> syscall. The syscall writes {-1, 0} for the invalid key and
  // clears the set; it returns 0.
  HwprobeCache d = MachineData(Generation::kLinux6_12);
  d.homogeneous_cpus = 0;
  const HwprobeResult r =
      ModelVdsoHwprobe(StateWith(Generation::kLinux6_12, d), WhichCpus({{0, 0x489}, {-3, 9}}, {1}));
  EXPECT_EQ(r.route, HwprobeRoute::kSyscallFallback);
  EXPECT_EQ(r.reason, HwprobeFallbackReason::kHeterogeneous) << HwprobeFallbackReasonName(r.reason);
  EXPECT_EQ(r.syscall.return_value, 0);
  EXPECT_EQ(r.syscall.pairs_after, (std::vector<HwprobePredictedPair>{{0, 0x489}, {-1, 0}}));
  EXPECT_TRUE(r.syscall.clears_cpu_set_prefix);
}

TEST(Hwprobe, UnknownFlagsWithoutWhichCpusFallBackToEinval) {
  // flags 2: bit 0 clear -> get_values; flags != 0 -> syscall; hwprobe_get_values: "Check the
  // reserved flags" -> -EINVAL, pairs untouched.
  HwprobeCall call = AllCpus({{-1, 4}});
  call.flags = 2;
  for (Generation g : kHwprobeGenerations) {
    const HwprobeResult r = ModelVdsoHwprobe(Machine(g), call);
    EXPECT_EQ(r.route, HwprobeRoute::kSyscallFallback) << GenerationName(g);
    EXPECT_EQ(r.reason, HwprobeFallbackReason::kNonzeroFlags);
    EXPECT_EQ(r.syscall.return_value, -22);
    EXPECT_EQ(r.syscall.pairs_after, (std::vector<HwprobePredictedPair>{{-1, 4}}));
  }
}

TEST(Hwprobe, VdsoAnswersWhereSyscallRejectsTheSet) {
  // Known divergence: homogeneous CPUs, flags 0, cpusetsize 0 and non-NULL cpus. The vDSO never
  // reads the set and answers 0; the syscall copies 0 bytes, finds the mask empty: -EINVAL.
  // cpusetsize 8 with NULL cpus: the syscall's copy_from_user faults: -EFAULT.
  const VvarState s = Machine(Generation::kLinux7_2);
  const HwprobeCall empty_set{{{0, 0}}, 0, std::vector<std::uint8_t>{}, 0};
  EXPECT_EQ(ModelVdsoHwprobe(s, empty_set).return_value, 0);
  EXPECT_EQ(PredictHwprobeSyscall(s, empty_set).return_value, -22);
  const HwprobeCall null_set{{{0, 0}}, 8, std::nullopt, 0};
  EXPECT_EQ(ModelVdsoHwprobe(s, null_set).route, HwprobeRoute::kVdsoAnswered);
  EXPECT_EQ(PredictHwprobeSyscall(s, null_set).return_value, -14);
  const HwprobeCall zero_bytes{{{0, 0}}, 2, std::vector<std::uint8_t>{0, 0}, 0};
  EXPECT_EQ(PredictHwprobeSyscall(s, zero_bytes).return_value, -22);
}

TEST(Hwprobe, Linux612TimeNamespaceSeesZeroedPage) {
  // 6.12 reads vdso_data[0].arch_data of vvar page 0; in a time namespace that is the namespace
  // page (alloc_page(__GFP_ZERO), only clock fields set by timens_setup_vdso_data). So valid keys
  // answer 0 and homogeneous_cpus is 0; the kernel's own data moved to page 1.
  VvarState s;
  s.layout.generation = Generation::kLinux6_12;
  s.time.clock[kCsHresCoarse].clock_mode = kClockModeTimens;
  s.timens.clock[kCsHresCoarse].clock_mode = kClockModeArchtimer;
  s.timens.arch_in_time_data[0].riscv = MachineData(Generation::kLinux6_12);
  const HwprobeResult r = ModelVdsoHwprobe(s, AllCpus({{kHwprobeKeyImaExt0, 7}}));
  EXPECT_EQ(r.pairs_after, (std::vector<HwprobePair>{{kHwprobeKeyImaExt0, 0}}))
      << Show(r.pairs_after);
  EXPECT_EQ(HwprobeDataOfKernel(s), &s.timens.arch_in_time_data[0].riscv);
  const HwprobeResult partial =
      ModelVdsoHwprobe(s, HwprobeCall{{{0, 0}}, 1, std::vector<std::uint8_t>{1}, 0});
  EXPECT_EQ(partial.reason, HwprobeFallbackReason::kPartialSetHeterogeneous);
}

TEST(Hwprobe, BitmaskKeysPerGeneration) {
  // hwprobe_key_is_bitmask: 6.12 {3, 4, 5}; 7.2 adds 11, 13, 14, 16. Key 16 on 6.12 is invalid
  // and not a bitmask; key 0 never is.
  EXPECT_TRUE(HwprobeKeyIsBitmask(Generation::kLinux6_12, kHwprobeKeyCpuperf0));
  EXPECT_FALSE(HwprobeKeyIsBitmask(Generation::kLinux6_12, kHwprobeKeyImaExt1));
  EXPECT_TRUE(HwprobeKeyIsBitmask(Generation::kLinux7_2, kHwprobeKeyImaExt1));
  EXPECT_TRUE(HwprobeKeyIsBitmask(Generation::kLinux7_2, 13));
  EXPECT_FALSE(HwprobeKeyIsBitmask(Generation::kLinux7_2, 12));
  EXPECT_FALSE(HwprobeKeyIsBitmask(Generation::kLinux7_2, kHwprobeKeyMvendorid));
  // Cache 0b0110, request 0b0100: subset -> match; request 0b1000 -> no match; key differs -> no.
  EXPECT_TRUE(HwprobePairMatches(Generation::kLinux7_2, {4, 0b0110}, {4, 0b0100}));
  EXPECT_FALSE(HwprobePairMatches(Generation::kLinux7_2, {4, 0b0110}, {4, 0b1000}));
  EXPECT_FALSE(HwprobePairMatches(Generation::kLinux7_2, {4, 0b0110}, {3, 0b0110}));
  EXPECT_FALSE(HwprobePairMatches(Generation::kLinux7_2, {0, 0b0110}, {0, 0b0100}));
}

TEST(Hwprobe, ShortCpuBufferIsInvalidInput) {
  // WHICH_CPUS reads cpusetsize bytes; a buffer shorter than that cannot be modelled.
  const HwprobeCall call{{{0, 0}}, 16, std::vector<std::uint8_t>{0, 0}, kHwprobeWhichCpus};
  const HwprobeResult r = ModelVdsoHwprobe(Machine(Generation::kLinux7_2), call);
  EXPECT_EQ(r.route, HwprobeRoute::kInvalidInput);
  EXPECT_NE(r.error.find("16"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace vdsoconf::ref::riscv
