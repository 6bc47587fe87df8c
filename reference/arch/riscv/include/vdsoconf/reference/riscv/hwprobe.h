// What __vdso_riscv_hwprobe answers, for given vvar data and arguments.
//
// Models arch/riscv/kernel/vdso/hwprobe.c (riscv_vdso_get_values, riscv_vdso_get_cpus) and, where
// the vvar data determines it, the riscv_hwprobe syscall the vDSO falls back to
// (arch/riscv/kernel/sys_hwprobe.c: hwprobe_get_values, hwprobe_get_cpus).
//
// Per generation:
//   - kLinux6_1: no hwprobe entry point (added in 6.5).
//   - kLinux6_12: keys 0..9 (RISCV_HWPROBE_MAX_KEY 9). The vDSO reads `vdso_data[0].arch_data`
//     of vvar page 0 (VvarState::time.arch_in_time_data[0].riscv). Inside a time namespace page 0
//     is the namespace page, which the kernel allocates zeroed and never fills with hwprobe data,
//     so there the vDSO answers 0 for every valid key and treats the CPUs as heterogeneous.
//   - kLinux7_2: keys 0..16 (RISCV_HWPROBE_MAX_KEY 16). The vDSO reads the arch page
//     (VvarState::arch.riscv), which is not swapped by time namespaces. The data is filled lazily
//     by the first riscv_hwprobe syscall (complete_hwprobe_vdso_data), which then sets `ready`.
//     riscv_vdso_get_values falls back to the syscall while `ready` is 0; riscv_vdso_get_cpus does
//     NOT check `ready` (it only checks homogeneous_cpus, which is 0 until the data is complete).
//
// Where the vDSO and the syscall disagree (both generations): without WHICH_CPUS, flags 0 and
// homogeneous CPUs, the vDSO answers from the all-CPU values without reading `cpus` at all, where
// the syscall returns -EINVAL for an empty set (cpusetsize 0 with non-NULL cpus, or all-zero
// bytes) and -EFAULT for cpusetsize > 0 with NULL cpus.
//
// The `pairs` array after the call and the return value are modelled bit for bit. The syscall's
// answer is modelled only as far as the vvar data determines it (see HwprobeSyscallPrediction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vdsoconf/reference/linux_errno.h"
#include "vdsoconf/reference/riscv/hwprobe_cache.h"
#include "vdsoconf/reference/vvar_state.h"

namespace vdsoconf::ref::riscv {

// struct riscv_hwprobe (arch/riscv/include/uapi/asm/hwprobe.h).
struct HwprobePair {
  std::int64_t key = 0;
  std::uint64_t value = 0;

  friend bool operator==(const HwprobePair&, const HwprobePair&) = default;
};

inline constexpr std::uint32_t kHwprobeWhichCpus = 1;  // RISCV_HWPROBE_WHICH_CPUS
inline constexpr std::int64_t kHwprobeKeyMvendorid = 0;
inline constexpr std::int64_t kHwprobeKeyMarchid = 1;
inline constexpr std::int64_t kHwprobeKeyMimpid = 2;
inline constexpr std::int64_t kHwprobeKeyBaseBehavior = 3;
inline constexpr std::int64_t kHwprobeKeyImaExt0 = 4;
inline constexpr std::int64_t kHwprobeKeyCpuperf0 = 5;
inline constexpr std::int64_t kHwprobeKeyTimeCsrFreq = 8;
inline constexpr std::int64_t kHwprobeKeyMisalignedScalarPerf = 9;
inline constexpr std::int64_t kHwprobeKeyImaExt1 = 16;  // 7.2
inline constexpr int kRiscvSyscallHwprobe = 258;        // __NR_riscv_hwprobe

// RISCV_HWPROBE_MAX_KEY of the generation: 9 (6.12), 16 (7.2); nullopt for 6.1 (no hwprobe).
std::optional<std::int64_t> HwprobeMaxKey(Generation generation);

// riscv_hwprobe_key_is_valid: 0 <= key <= HwprobeMaxKey. False for every key on 6.1.
bool HwprobeKeyIsValid(Generation generation, std::int64_t key);

// hwprobe_key_is_bitmask: keys whose value WHICH_CPUS compares as "has at least these bits".
// 6.12: BASE_BEHAVIOR, IMA_EXT_0, CPUPERF_0. 7.2 adds IMA_EXT_1 and
// VENDOR_EXT_{THEAD,SIFIVE,MIPS}_0.
bool HwprobeKeyIsBitmask(Generation generation, std::int64_t key);

// riscv_hwprobe_pair_cmp(pair, other): same key, and other's value equals pair's (bitmask keys:
// every bit of other's value is set in pair's value).
bool HwprobePairMatches(Generation generation, const HwprobePair& pair, const HwprobePair& other);

// The arch data the vDSO reads for `state` (see the banner), or nullptr on 6.1.
const HwprobeCache* HwprobeDataSeenByVdso(const VvarState& state);

// The arch data the kernel itself holds. Equal to HwprobeDataSeenByVdso except for 6.12 inside a
// time namespace (vvar page 0 has clock_mode TIMENS), where the real data is on page 1.
const HwprobeCache* HwprobeDataOfKernel(const VvarState& state);

// The arguments of one call. pair_count is pairs.size(). `cpus` is nullopt for a NULL pointer;
// otherwise it holds the bytes the pointer points at (the vDSO reads at most cpusetsize of them).
struct HwprobeCall {
  std::vector<HwprobePair> pairs;
  std::uint64_t cpusetsize = 0;
  std::optional<std::vector<std::uint8_t>> cpus;
  std::uint32_t flags = 0;
};

enum class HwprobeRoute : std::uint8_t {
  kNoEntryPoint,    // the generation's vDSO has no __vdso_riscv_hwprobe
  kInvalidInput,    // the call cannot be modelled (see `error`); not a kernel behaviour
  kVdsoAnswered,    // the vDSO returned without a syscall
  kSyscallFallback  // the vDSO tail-called riscv_hwprobe(...) with the same five arguments
};

// Why the vDSO fell back. Several can hold; the first in the code's order is reported.
enum class HwprobeFallbackReason : std::uint8_t {
  kNone,
  kNonzeroFlags,             // get_values: flags != 0 (unknown flag bits without WHICH_CPUS)
  kPartialSetHeterogeneous,  // get_values: a cpu set was given and homogeneous_cpus == 0
  kNotReady,                 // get_values, 7.2: arch data `ready` == 0
  kEmptyCpuSet,              // get_cpus: every byte of the cpusetsize-byte set is 0
  kFlagsNotWhichCpus,        // get_cpus: flags has WHICH_CPUS plus unknown bits
  kHeterogeneous,            // get_cpus: homogeneous_cpus == 0
};
std::string_view HwprobeFallbackReasonName(HwprobeFallbackReason reason);

// One pair after the syscall, as far as it is known: both nullopt when its fate depends on data
// the vvar does not hold; a key with a nullopt value when the value is per-CPU data.
struct HwprobePredictedPair {
  std::optional<std::int64_t> key;
  std::optional<std::uint64_t> value;

  friend bool operator==(const HwprobePredictedPair&, const HwprobePredictedPair&) = default;
};

// What the riscv_hwprobe syscall does with the same arguments, as far as the vvar data says.
// Assumes the set of online CPUs has not changed since the kernel filled the arch data and that
// the memory the arguments point at is accessible.
struct HwprobeSyscallPrediction {
  // The return value when it follows from the arguments and data; nullopt when it depends on
  // which CPUs are online (then every pair is unknown too).
  std::optional<std::int64_t> return_value;
  std::vector<HwprobePredictedPair> pairs_after;  // one per input pair
  // WHICH_CPUS with an invalid key: the syscall clears the first min(cpusetsize, cpumask_size())
  // bytes of the set. cpumask_size() is not in the vvar, so only "cleared" is said.
  bool clears_cpu_set_prefix = false;
};

struct HwprobeResult {
  HwprobeRoute route = HwprobeRoute::kInvalidInput;
  std::string error;  // kInvalidInput only
  // kVdsoAnswered: the return value and the memory after the call, bit for bit.
  std::int64_t return_value = 0;
  std::vector<HwprobePair> pairs_after;
  std::optional<std::vector<std::uint8_t>> cpus_after;
  // kSyscallFallback: why, and the syscall's predicted answer. The vDSO touched no memory.
  HwprobeFallbackReason reason = HwprobeFallbackReason::kNone;
  int syscall_nr = 0;
  HwprobeSyscallPrediction syscall;
};

// Models __vdso_riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags) on `state`.
//
// Requires (else kInvalidInput): when the vDSO reads the cpu set (WHICH_CPUS with cpusetsize > 0
// and a non-NULL cpus), cpus->size() >= cpusetsize, and cpusetsize <= INT_MAX (the kernel's loop
// index is an int). The vDSO never reads `cpus` on the get_values path.
HwprobeResult ModelVdsoHwprobe(const VvarState& state, const HwprobeCall& call);

// Models only the syscall's answer (the prediction above) for the same arguments, using the
// kernel's data (HwprobeDataOfKernel). On 7.2 with `ready` == 0 the syscall first completes the
// data, so values of valid keys are unknown.
HwprobeSyscallPrediction PredictHwprobeSyscall(const VvarState& state, const HwprobeCall& call);

}  // namespace vdsoconf::ref::riscv
