#include "vdsoconf/reference/riscv/hwprobe.h"

#include <algorithm>
#include <climits>

namespace vdsoconf::ref::riscv {
namespace {

// Keys hwprobe_key_is_bitmask lists only in 7.2 (RISCV_HWPROBE_KEY_VENDOR_EXT_*_0).
constexpr std::int64_t kHwprobeKeyVendorExtThead0 = 11;
constexpr std::int64_t kHwprobeKeyVendorExtSifive0 = 13;
constexpr std::int64_t kHwprobeKeyVendorExtMips0 = 14;

constexpr HwprobePair kUnknownKeyAnswer = {-1, 0};

bool IsTimeNamespacePage(const VdsoTimePage& page) {
  return page.clock[kCsHresCoarse].clock_mode == kClockModeTimens;
}

// The loop both riscv_vdso_get_values and hwprobe_get_values(all cpus) run over the pairs.
std::vector<HwprobePair> FillValues(Generation generation, const HwprobeCache& data,
                                    std::vector<HwprobePair> pairs) {
  for (HwprobePair& p : pairs) {
    if (HwprobeKeyIsValid(generation, p.key)) {
      p.value = data.all_cpu_hwprobe_values[static_cast<std::size_t>(p.key)];
    } else {
      p = kUnknownKeyAnswer;
    }
  }
  return pairs;
}

HwprobeResult Fallback(HwprobeFallbackReason reason, const VvarState& state,
                       const HwprobeCall& call) {
  HwprobeResult r;
  r.route = HwprobeRoute::kSyscallFallback;
  r.reason = reason;
  r.syscall_nr = kRiscvSyscallHwprobe;
  r.syscall = PredictHwprobeSyscall(state, call);
  return r;
}

HwprobeResult Answered(std::int64_t return_value, std::vector<HwprobePair> pairs,
                       std::optional<std::vector<std::uint8_t>> cpus) {
  HwprobeResult r;
  r.route = HwprobeRoute::kVdsoAnswered;
  r.return_value = return_value;
  r.pairs_after = std::move(pairs);
  r.cpus_after = std::move(cpus);
  return r;
}

HwprobeResult InvalidInput(std::string error) {
  HwprobeResult r;
  r.route = HwprobeRoute::kInvalidInput;
  r.error = std::move(error);
  return r;
}

// riscv_vdso_get_values (flags without WHICH_CPUS).
HwprobeResult VdsoGetValues(const VvarState& state, const HwprobeCache& avd,
                            const HwprobeCall& call) {
  const bool all_cpus = call.cpusetsize == 0 && !call.cpus.has_value();
  if (call.flags != 0) return Fallback(HwprobeFallbackReason::kNonzeroFlags, state, call);
  if (!all_cpus && avd.homogeneous_cpus == 0) {
    return Fallback(HwprobeFallbackReason::kPartialSetHeterogeneous, state, call);
  }
  // The readiness gate exists from 7.2 on (ready is set by complete_hwprobe_vdso_data).
  if (state.layout.generation == Generation::kLinux7_2 && avd.ready == 0) {
    return Fallback(HwprobeFallbackReason::kNotReady, state, call);
  }
  return Answered(0, FillValues(state.layout.generation, avd, call.pairs), call.cpus);
}

// riscv_vdso_get_cpus (flags with WHICH_CPUS). No readiness gate in any generation.
HwprobeResult VdsoGetCpus(const VvarState& state, const HwprobeCache& avd,
                          const HwprobeCall& call) {
  if (call.cpusetsize == 0 || !call.cpus.has_value()) {
    return Answered(-kEinval, call.pairs, call.cpus);
  }
  if (call.cpusetsize > static_cast<std::uint64_t>(INT_MAX)) {
    return InvalidInput("cpusetsize " + std::to_string(call.cpusetsize) +
                        " exceeds INT_MAX: the vDSO's int loop index would overflow");
  }
  if (call.cpus->size() < call.cpusetsize) {
    return InvalidInput("cpus holds " + std::to_string(call.cpus->size()) +
                        " bytes but cpusetsize is " + std::to_string(call.cpusetsize) +
                        ": the vDSO would read past the buffer");
  }
  const auto set_begin = call.cpus->begin();
  const auto set_end = set_begin + static_cast<std::ptrdiff_t>(call.cpusetsize);
  const bool empty_cpus = std::all_of(set_begin, set_end, [](std::uint8_t b) { return b == 0; });
  if (empty_cpus) return Fallback(HwprobeFallbackReason::kEmptyCpuSet, state, call);
  if (call.flags != kHwprobeWhichCpus) {
    return Fallback(HwprobeFallbackReason::kFlagsNotWhichCpus, state, call);
  }
  if (avd.homogeneous_cpus == 0)
    return Fallback(HwprobeFallbackReason::kHeterogeneous, state, call);

  const Generation generation = state.layout.generation;
  std::vector<HwprobePair> pairs = call.pairs;
  bool clear_all = false;
  for (HwprobePair& p : pairs) {
    if (HwprobeKeyIsValid(generation, p.key)) {
      const HwprobePair all_cpus_answer = {
          p.key, avd.all_cpu_hwprobe_values[static_cast<std::size_t>(p.key)]};
      if (!HwprobePairMatches(generation, all_cpus_answer, p)) clear_all = true;
    } else {
      clear_all = true;
      p = kUnknownKeyAnswer;
    }
  }
  std::vector<std::uint8_t> cpus = *call.cpus;
  if (clear_all) std::fill(cpus.begin(), cpus.begin() + (set_end - set_begin), std::uint8_t{0});
  return Answered(0, std::move(pairs), std::move(cpus));
}

std::vector<HwprobePredictedPair> Untouched(const std::vector<HwprobePair>& pairs) {
  std::vector<HwprobePredictedPair> out;
  for (const HwprobePair& p : pairs) out.push_back({p.key, p.value});
  return out;
}

// hwprobe_get_values.
HwprobeSyscallPrediction PredictSyscallGetValues(const VvarState& state, const HwprobeCache& data,
                                                 const HwprobeCall& call) {
  HwprobeSyscallPrediction s;
  const bool all_cpus = call.cpusetsize == 0 && !call.cpus.has_value();
  if (call.flags != 0) {
    s.return_value = -kEinval;
    s.pairs_after = Untouched(call.pairs);
    return s;
  }
  if (!all_cpus) {
    if (call.cpusetsize > 0 && !call.cpus.has_value()) {
      s.return_value = -kEfault;  // copy_from_user from NULL
    } else {
      const std::size_t readable =
          std::min<std::size_t>(call.cpus->size(), static_cast<std::size_t>(call.cpusetsize));
      const bool all_zero = std::all_of(call.cpus->begin(), call.cpus->begin() + readable,
                                        [](std::uint8_t b) { return b == 0; });
      // Zero set bytes (or cpusetsize 0) leave the mask empty: -EINVAL before any pair is read.
      if (all_zero && readable == call.cpusetsize) s.return_value = -kEinval;
    }
    if (s.return_value.has_value()) {
      s.pairs_after = Untouched(call.pairs);
    } else {
      s.pairs_after.assign(call.pairs.size(), HwprobePredictedPair{});
    }
    return s;
  }
  // All online CPUs: hwprobe_one_pair(key, cpu_online_mask) is what the kernel cached, once the
  // cache is complete (6.12: at boot; 7.2: `ready`, and the syscall completes it first).
  const Generation generation = state.layout.generation;
  const bool values_known = generation != Generation::kLinux7_2 || data.ready != 0;
  s.return_value = 0;
  for (const HwprobePair& p : call.pairs) {
    if (!HwprobeKeyIsValid(generation, p.key)) {
      s.pairs_after.push_back({kUnknownKeyAnswer.key, kUnknownKeyAnswer.value});
    } else if (values_known) {
      s.pairs_after.push_back(
          {p.key, data.all_cpu_hwprobe_values[static_cast<std::size_t>(p.key)]});
    } else {
      s.pairs_after.push_back({p.key, std::nullopt});
    }
  }
  return s;
}

// hwprobe_get_cpus: valid pairs are only read; invalid ones become {-1, 0} and clear the set.
HwprobeSyscallPrediction PredictSyscallGetCpus(Generation generation, const HwprobeCall& call) {
  HwprobeSyscallPrediction s;
  if (call.flags != kHwprobeWhichCpus || call.cpusetsize == 0 || !call.cpus.has_value()) {
    s.return_value = -kEinval;
    s.pairs_after = Untouched(call.pairs);
    return s;
  }
  s.return_value = 0;
  for (const HwprobePair& p : call.pairs) {
    if (HwprobeKeyIsValid(generation, p.key)) {
      s.pairs_after.push_back({p.key, p.value});
    } else {
      s.clears_cpu_set_prefix = true;
      s.pairs_after.push_back({kUnknownKeyAnswer.key, kUnknownKeyAnswer.value});
    }
  }
  return s;
}

}  // namespace

std::optional<std::int64_t> HwprobeMaxKey(Generation generation) {
  switch (generation) {
    case Generation::kLinux6_1:
      return std::nullopt;
    case Generation::kLinux6_12:
      return 9;
    case Generation::kLinux7_2:
      return 16;
  }
  return std::nullopt;
}

bool HwprobeKeyIsValid(Generation generation, std::int64_t key) {
  const auto max_key = HwprobeMaxKey(generation);
  return max_key.has_value() && key >= 0 && key <= *max_key;
}

bool HwprobeKeyIsBitmask(Generation generation, std::int64_t key) {
  switch (key) {
    case kHwprobeKeyBaseBehavior:
    case kHwprobeKeyImaExt0:
    case kHwprobeKeyCpuperf0:
      return generation != Generation::kLinux6_1;
    case kHwprobeKeyImaExt1:
    case kHwprobeKeyVendorExtThead0:
    case kHwprobeKeyVendorExtSifive0:
    case kHwprobeKeyVendorExtMips0:
      return generation == Generation::kLinux7_2;
    default:
      return false;
  }
}

bool HwprobePairMatches(Generation generation, const HwprobePair& pair, const HwprobePair& other) {
  if (pair.key != other.key) return false;
  if (HwprobeKeyIsBitmask(generation, pair.key)) {
    return (pair.value & other.value) == other.value;
  }
  return pair.value == other.value;
}

const HwprobeCache* HwprobeDataSeenByVdso(const VvarState& state) {
  switch (state.layout.generation) {
    case Generation::kLinux6_1:
      return nullptr;
    case Generation::kLinux6_12:
      return &state.time.arch_in_time_data[0].riscv;
    case Generation::kLinux7_2:
      return &state.arch.riscv;
  }
  return nullptr;
}

const HwprobeCache* HwprobeDataOfKernel(const VvarState& state) {
  if (state.layout.generation == Generation::kLinux6_12 && IsTimeNamespacePage(state.time)) {
    return &state.timens.arch_in_time_data[0].riscv;
  }
  return HwprobeDataSeenByVdso(state);
}

std::string_view HwprobeFallbackReasonName(HwprobeFallbackReason reason) {
  switch (reason) {
    case HwprobeFallbackReason::kNone:
      return "none";
    case HwprobeFallbackReason::kNonzeroFlags:
      return "nonzero-flags";
    case HwprobeFallbackReason::kPartialSetHeterogeneous:
      return "partial-cpu-set-heterogeneous";
    case HwprobeFallbackReason::kNotReady:
      return "arch-data-not-ready";
    case HwprobeFallbackReason::kEmptyCpuSet:
      return "empty-cpu-set";
    case HwprobeFallbackReason::kFlagsNotWhichCpus:
      return "flags-not-exactly-which-cpus";
    case HwprobeFallbackReason::kHeterogeneous:
      return "heterogeneous-cpus";
  }
  return "unknown";
}

HwprobeSyscallPrediction PredictHwprobeSyscall(const VvarState& state, const HwprobeCall& call) {
  const HwprobeCache* data = HwprobeDataOfKernel(state);
  if (data == nullptr) return {};  // 6.1 has no riscv_hwprobe syscall either
  if (call.flags & kHwprobeWhichCpus) return PredictSyscallGetCpus(state.layout.generation, call);
  return PredictSyscallGetValues(state, *data, call);
}

HwprobeResult ModelVdsoHwprobe(const VvarState& state, const HwprobeCall& call) {
  const HwprobeCache* avd = HwprobeDataSeenByVdso(state);
  if (avd == nullptr) {
    HwprobeResult r;
    r.route = HwprobeRoute::kNoEntryPoint;
    return r;
  }
  if (call.flags & kHwprobeWhichCpus) return VdsoGetCpus(state, *avd, call);
  return VdsoGetValues(state, *avd, call);
}

}  // namespace vdsoconf::ref::riscv
