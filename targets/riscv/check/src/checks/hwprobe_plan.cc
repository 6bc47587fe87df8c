#include "hwprobe_plan.h"

#include <climits>

namespace vdsoconf::riscv::check {
namespace {

constexpr std::uint32_t kScratchBytes = 1024;
constexpr std::uint32_t kCpusAt = 768;  // within the scratch; pairs before it (at most 48)
constexpr std::uint32_t kCpuSetSize = 8;
constexpr std::uint32_t kUnknownFlag = 2;

std::uint64_t Fill64() {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | protocol::kBufferFill;
  return value;
}

std::vector<std::uint8_t> PairBytes(const std::vector<ref::riscv::HwprobePair>& pairs) {
  std::vector<std::uint8_t> bytes;
  for (const ref::riscv::HwprobePair& pair : pairs) {
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(pair.key >> (8 * i)));
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(pair.value >> (8 * i)));
  }
  return bytes;
}

}  // namespace

std::uint32_t HwprobeScratchOffset(const ref::Layout& layout) {
  return layout.page_count * ref::kPageSize - kScratchBytes;
}

std::vector<HwprobeCase> BuildHwprobeCases(ref::Generation generation) {
  const auto max_key = ref::riscv::HwprobeMaxKey(generation);
  if (!max_key) return {};
  using Pairs = std::vector<ref::riscv::HwprobePair>;
  Pairs valid;
  for (std::int64_t key = 0; key <= *max_key; ++key) valid.push_back({key, 0});
  const std::vector<std::pair<std::string, Pairs>> key_sets = {
      {"valid", valid},
      {"invalid", {{-1, 0}, {*max_key + 1, 0}}},
      {"huge", {{INT64_MAX, 0}, {std::int64_t{1} << 40, 7}}},
      {"mixed",
       {{ref::riscv::kHwprobeKeyImaExt0, 0}, {-5, 3}, {ref::riscv::kHwprobeKeyMvendorid, 0}}},
      // WHICH_CPUS compares values: bitmask keys match when every asked bit is set.
      {"asking-bits",
       {{ref::riscv::kHwprobeKeyBaseBehavior, 1}, {ref::riscv::kHwprobeKeyImaExt0, 1}}},
      {"none", {}}};
  struct CpuChoice {
    std::string name;
    HwprobeCase::Cpus cpus;
    std::vector<std::uint8_t> bytes;
    std::uint64_t size;
  };
  const std::vector<CpuChoice> cpu_choices = {
      {"null", HwprobeCase::Cpus::kNullSize0, {}, 0},
      {"null-size8", HwprobeCase::Cpus::kNullSize8, {}, kCpuSetSize},
      {"all", HwprobeCase::Cpus::kVvar, std::vector<std::uint8_t>(kCpuSetSize, 0xff), kCpuSetSize},
      {"empty", HwprobeCase::Cpus::kVvar, std::vector<std::uint8_t>(kCpuSetSize, 0), kCpuSetSize},
      {"partial", HwprobeCase::Cpus::kVvar, {0x01, 0, 0, 0, 0, 0, 0, 0}, kCpuSetSize},
      {"buffer", HwprobeCase::Cpus::kBuffer, {}, kCpuSetSize}};
  const std::vector<std::pair<std::string, std::uint32_t>> flag_choices = {
      {"0", 0},
      {"WHICH_CPUS", ref::riscv::kHwprobeWhichCpus},
      {"unknown", kUnknownFlag},
      {"WHICH_CPUS|unknown", ref::riscv::kHwprobeWhichCpus | kUnknownFlag}};
  std::vector<HwprobeCase> cases;
  for (const auto& [key_name, pairs] : key_sets) {
    for (const CpuChoice& cpus : cpu_choices) {
      for (const auto& [flag_name, flags] : flag_choices) {
        for (const bool in_vvar : {true, false}) {
          // Output-buffer pairs all hold the fill key: one set of them is enough.
          if (!in_vvar && key_name != "mixed") continue;
          HwprobeCase c;
          c.pairs_in_vvar = in_vvar;
          c.pairs = in_vvar ? pairs
                            : Pairs(pairs.size(), {static_cast<std::int64_t>(Fill64()), Fill64()});
          c.cpus = cpus.cpus;
          c.cpu_bytes = cpus.bytes;
          c.cpusetsize = cpus.size;
          c.flags = flags;
          c.label = "keys=" + (in_vvar ? key_name : std::string("fill")) + " cpus=" + cpus.name +
                    " flags=" + flag_name + " pairs=" + (in_vvar ? "vvar" : "buffer");
          cases.push_back(std::move(c));
        }
      }
    }
  }
  return cases;
}

CallRequest HwprobeRequest(const HwprobeCase& c, std::uint64_t entry, const ref::Layout& layout,
                           const std::vector<std::uint8_t>& vvar) {
  const std::uint32_t scratch = HwprobeScratchOffset(layout);
  CallRequest call;
  call.entry_offset = entry;
  call.vvar_full = vvar;
  // The scratch is rewritten on every call: the vDSO writes its answers there.
  call.vvar_writes.push_back({scratch, std::vector<std::uint8_t>(kScratchBytes, 0)});
  Arg pairs = Arg::OutputBuffer(c.pairs.size() * 16);
  if (c.pairs_in_vvar) {
    pairs = Arg::VvarAddress(scratch);
    call.vvar_writes.push_back({scratch, PairBytes(c.pairs)});
  }
  Arg cpus = Arg::Value(0);
  if (c.cpus == HwprobeCase::Cpus::kVvar) {
    cpus = Arg::VvarAddress(scratch + kCpusAt);
    call.vvar_writes.push_back({scratch + kCpusAt, c.cpu_bytes});
  } else if (c.cpus == HwprobeCase::Cpus::kBuffer) {
    cpus = Arg::OutputBuffer(c.cpusetsize);
  }
  call.args = {pairs, Arg::Value(c.pairs.size()), Arg::Value(c.cpusetsize), cpus,
               Arg::Value(c.flags)};
  call.syscall_return = kSyscallSentinel;
  call.watchdog = std::chrono::milliseconds(100);
  return call;
}

std::optional<ExpectedCall> PredictHwprobe(const HwprobeCase& c, const ref::VvarState& state,
                                           const ref::Layout& layout, std::uint64_t vvar_address,
                                           ref::riscv::HwprobeResult* model_out) {
  ref::riscv::HwprobeCall call;
  call.pairs = c.pairs;
  call.cpusetsize = c.cpusetsize;
  call.flags = c.flags;
  if (c.cpus == HwprobeCase::Cpus::kVvar) call.cpus = c.cpu_bytes;
  if (c.cpus == HwprobeCase::Cpus::kBuffer) {
    call.cpus = std::vector<std::uint8_t>(c.cpusetsize, protocol::kBufferFill);
  }
  const ref::riscv::HwprobeResult model = ref::riscv::ModelVdsoHwprobe(state, call);
  if (model_out) *model_out = model;
  const std::uint32_t scratch = HwprobeScratchOffset(layout);
  ExpectedCall expected;
  // Output buffers: what the vDSO leaves there.
  if (!c.pairs_in_vvar) {
    expected.buffers.push_back(PairBytes(
        model.route == ref::riscv::HwprobeRoute::kVdsoAnswered ? model.pairs_after : c.pairs));
  }
  if (c.cpus == HwprobeCase::Cpus::kBuffer) {
    expected.buffers.push_back(model.route == ref::riscv::HwprobeRoute::kVdsoAnswered &&
                                       model.cpus_after
                                   ? *model.cpus_after
                                   : *call.cpus);
  }
  switch (model.route) {
    case ref::riscv::HwprobeRoute::kVdsoAnswered:
      expected.path = ExpectedCall::Path::kFastPath;
      expected.return_value = static_cast<std::uint64_t>(model.return_value);
      break;
    case ref::riscv::HwprobeRoute::kSyscallFallback: {
      expected.path = ExpectedCall::Path::kFallback;
      expected.return_value = static_cast<std::uint64_t>(kSyscallSentinel);
      expected.syscall = static_cast<std::uint64_t>(model.syscall_nr);
      const ExpectedArg pairs_arg =
          c.pairs_in_vvar ? ExpectedArg::Exact(vvar_address + scratch) : ExpectedArg::Pointer(true);
      ExpectedArg cpus_arg = ExpectedArg::Exact(0);
      if (c.cpus == HwprobeCase::Cpus::kVvar)
        cpus_arg = ExpectedArg::Exact(vvar_address + scratch + kCpusAt);
      if (c.cpus == HwprobeCase::Cpus::kBuffer) cpus_arg = ExpectedArg::Pointer(true);
      expected.syscall_args = {pairs_arg, ExpectedArg::Exact(c.pairs.size()),
                               ExpectedArg::Exact(c.cpusetsize), cpus_arg,
                               ExpectedArg::Exact(c.flags)};
      break;
    }
    case ref::riscv::HwprobeRoute::kNoEntryPoint:
    case ref::riscv::HwprobeRoute::kInvalidInput:
      return std::nullopt;
  }
  expected.counter_reads = 0;
  expected.model = std::string(ref::riscv::HwprobeFallbackReasonName(model.reason));
  return expected;
}

}  // namespace vdsoconf::riscv::check
