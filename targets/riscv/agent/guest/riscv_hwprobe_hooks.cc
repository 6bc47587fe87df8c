// riscv_hwprobe (6.12 and later) in the generic probes: its rows of vdso.diff and vdso.fallback,
// its call after vdso.mremap, its cases of vdso.bad_input.
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdint>

#include "bad_input_batch.h"
#include "json_writer.h"
#include "kernel_return.h"
#include "own_entries.h"

namespace vdsoconf::agent::arch {
namespace {

constexpr std::uint64_t kHwprobeWhichCpus = 1;  // RISCV_HWPROBE_WHICH_CPUS
constexpr std::int64_t kHwprobeKeyImaExt0 = 4;  // RISCV_HWPROBE_KEY_IMA_EXT_0
constexpr long kHwprobeKeyImpId = 2;            // RISCV_HWPROBE_KEY_MIMPID: both paths answer

struct HwprobePair {
  std::int64_t key;
  std::uint64_t value;
};

// vdso.diff ------------------------------------------------------------------------------------

// One side of a row: the vDSO when `vdso` is set, else the syscall.
HwprobeAnswer CallHwprobe(RiscvHwprobe vdso, const HwprobeRow& row, const std::int64_t* keys,
                          const std::uint64_t* values) {
  HwprobePair pairs[kHwprobeKeyCount];
  for (std::size_t i = 0; i < row.pair_count; ++i) pairs[i] = {keys[i], values[i]};
  std::uint64_t cpus = row.cpus;
  std::uint64_t* cpus_arg = row.cpusetsize != 0 ? &cpus : nullptr;
  const long ret = vdso != nullptr ? vdso(pairs, row.pair_count, row.cpusetsize,
                                          reinterpret_cast<unsigned long*>(cpus_arg), row.flags)
                                   : KernelReturn(syscall(kSysRiscvHwprobe, pairs, row.pair_count,
                                                          row.cpusetsize, cpus_arg, row.flags));
  HwprobeAnswer answer;
  answer.ret = ret;
  for (std::size_t i = 0; i < row.pair_count; ++i) {
    answer.keys[i] = pairs[i].key;
    answer.values[i] = pairs[i].value;
  }
  answer.cpus_after = cpus;
  return answer;
}

std::uint64_t AffinityMask() {
  std::uint64_t mask = 0;
  // The raw syscall: glibc's wrapper wants a cpu_set_t, and the first 64 CPUs are plenty here.
  if (syscall(SYS_sched_getaffinity, 0, sizeof(mask), &mask) < 0) mask = 1;
  return mask;
}

void RunDiff(RawEntry entry, OwnDiffRows& own) {
  const auto vdso = reinterpret_cast<RiscvHwprobe>(entry);
  std::int64_t keys[kHwprobeKeyCount];
  std::uint64_t values[kHwprobeKeyCount] = {};
  keys[0] = -1;
  for (std::size_t i = 1; i < kHwprobeKeyCount; ++i) keys[i] = static_cast<std::int64_t>(i) - 1;
  const std::uint64_t affinity = AffinityMask();
  HwprobeRow* rows = own.riscv_hwprobe;
  rows[0] = {"all-keys", 0, 0, 0, kHwprobeKeyCount, {}, {}};
  rows[1] = {"all-keys-affinity-set", 0, sizeof(affinity), affinity, kHwprobeKeyCount, {}, {}};
  rows[2] = {"all-keys-cpu0", 0, sizeof(affinity), 1, kHwprobeKeyCount, {}, {}};
  for (std::size_t r = 0; r < 3; ++r) {
    // The syscall first: on 7.2 it is what makes the vDSO's data ready.
    rows[r].syscall = CallHwprobe(nullptr, rows[r], keys, values);
    rows[r].vdso = CallHwprobe(vdso, rows[r], keys, values);
  }
  // Which CPUs have the base ISA extensions the first answer reported for all of them.
  const std::int64_t which_key = kHwprobeKeyImaExt0;
  const std::uint64_t which_value = rows[0].syscall.values[kHwprobeKeyImaExt0 + 1];
  rows[3] = {"which-cpus-ima-ext-0", kHwprobeWhichCpus, sizeof(affinity), affinity, 1, {}, {}};
  rows[3].syscall = CallHwprobe(nullptr, rows[3], &which_key, &which_value);
  rows[3].vdso = CallHwprobe(vdso, rows[3], &which_key, &which_value);
}

void WriteAnswer(JsonWriter& json, const char* key, const HwprobeAnswer& answer,
                 std::size_t pair_count) {
  json.Key(key);
  json.BeginObject();
  json.Field("ret", answer.ret);
  json.Key("pairs");
  json.BeginArray();
  for (std::size_t i = 0; i < pair_count; ++i) {
    json.BeginArray();
    json.Int(answer.keys[i]);
    json.Uint(answer.values[i]);
    json.EndArray();
  }
  json.EndArray();
  json.Field("cpus_after", answer.cpus_after);
  json.EndObject();
}

void WriteDiff(JsonWriter& json, const OwnDiffRows& own) {
  for (const HwprobeRow& row : own.riscv_hwprobe) {
    json.BeginObject();
    json.Field("case", row.name);
    json.Field("flags", row.flags);
    json.Field("cpusetsize", row.cpusetsize);
    json.Field("cpus", row.cpus);
    WriteAnswer(json, "syscall", row.syscall, row.pair_count);
    WriteAnswer(json, "vdso", row.vdso, row.pair_count);
    json.EndObject();
  }
}

// vdso.fallback --------------------------------------------------------------------------------

// 7.2 fills the vDSO's hwprobe data lazily, on the first syscall.
void PrepareFallback() {
  std::uint64_t pairs[2] = {0, 0};
  syscall(kSysRiscvHwprobe, pairs, 1, 0, nullptr, 0);
}

FallbackRow Fallback(RawEntry entry) {
  const auto vdso = reinterpret_cast<RiscvHwprobe>(entry);
  HwprobePair pairs[kHwprobeKeyCount];
  auto reset = [&pairs] {
    for (std::size_t i = 0; i < kHwprobeKeyCount; ++i) {
      pairs[i] = {static_cast<std::int64_t>(i) - 1, 0};
    }
  };
  reset();
  const long vdso_ret = vdso(pairs, kHwprobeKeyCount, 0, nullptr, 0);
  reset();
  const long control_ret =
      KernelReturn(syscall(kSysRiscvHwprobe, pairs, kHwprobeKeyCount, 0, nullptr, 0));
  return {"all-keys", vdso_ret, control_ret};
}

// vdso.mremap ----------------------------------------------------------------------------------

MremapCall MremapCallAfter(RawEntry entry) {
  const auto vdso = reinterpret_cast<RiscvHwprobe>(entry);
  long pair[2] = {kHwprobeKeyImpId, 0};
  long syscall_pair[2] = {kHwprobeKeyImpId, 0};
  const long ret = vdso(pair, 1, 0, nullptr, 0);
  const long syscall_ret = KernelReturn(syscall(kSysRiscvHwprobe, syscall_pair, 1, 0, nullptr, 0));
  return {ret, syscall_ret, pair[1], syscall_pair[1]};
}

// vdso.bad_input -------------------------------------------------------------------------------

struct HwprobeArguments {
  const char* name;
  std::int64_t* pairs;  // nullptr, a bad pointer, or filled by `key` when in `valid`
  std::size_t count;
  std::size_t cpusetsize;
  void* cpus;
  unsigned flags;
  std::int64_t key;  // written to pairs[0].key before each side when pairs is writable
};

void BadInputCase(BadInputBatch& batch, RiscvHwprobe vdso_call, const HwprobeArguments& c,
                  bool writable_pairs) {
  const auto run = [&](BadInputAnswer& answer, bool use_vdso) {
    if (writable_pairs) {
      c.pairs[0] = c.key;
      c.pairs[1] = 0x5a5a;
    }
    answer.ret = use_vdso ? vdso_call(c.pairs, c.count, c.cpusetsize,
                                      static_cast<unsigned long*>(c.cpus), c.flags)
                          : KernelReturn(syscall(kSysRiscvHwprobe, c.pairs, c.count, c.cpusetsize,
                                                 c.cpus, c.flags));
    if (writable_pairs) {
      answer.out[0] = c.pairs[0];
      answer.out[1] = c.pairs[1];
    }
  };
  const BadInputAnswer vdso =
      Protected(vdso_call != nullptr, [&](BadInputAnswer& answer) { run(answer, true); });
  BadInputAnswer syscall_answer;
  run(syscall_answer, false);
  EmitBadInputCase(batch, c.name, vdso, syscall_answer);
}

// "out" holds the first pair after the call.
void BadInput(BadInputBatch& batch, RawEntry entry) {
  const auto vdso = reinterpret_cast<RiscvHwprobe>(entry);
  BadInputArena& a = batch.arena;
  auto* pairs = reinterpret_cast<std::int64_t*>(a.valid + 256);
  // The last pair of the valid page: a second one would be in the PROT_NONE page after it.
  auto* last_pair = reinterpret_cast<std::int64_t*>(a.prot_none - 16);
  auto* empty_cpus = reinterpret_cast<unsigned long*>(a.valid + 512);
  *empty_cpus = 0;
  const HwprobeArguments writable[] = {
      {"riscv_hwprobe.pairs_null.count_0", nullptr, 0, 0, nullptr, 0, 0},
      {"riscv_hwprobe.key_1000", pairs, 1, 0, nullptr, 0, 1000},
      {"riscv_hwprobe.key_int64_max", pairs, 1, 0, nullptr, 0, INT64_MAX},
      {"riscv_hwprobe.key_minus_5", pairs, 1, 0, nullptr, 0, -5},
      {"riscv_hwprobe.count_2_into_guard", last_pair, 2, 0, nullptr, 0, 0},
      {"riscv_hwprobe.count_wraps", last_pair, std::size_t{1} << 60, 0, nullptr, 0, 0},
      {"riscv_hwprobe.cpus_unmapped.size_8", pairs, 1, 8, a.unmapped, 0, 0},
      {"riscv_hwprobe.cpus_empty.size_8", pairs, 1, 8, empty_cpus, 0, 0},
      {"riscv_hwprobe.flags_2", pairs, 1, 0, nullptr, 2, 0},
      {"riscv_hwprobe.flags_huge", pairs, 1, 0, nullptr, 0x80000000u, 0},
      {"riscv_hwprobe.flags_which_cpus.cpus_null", pairs, 1, 0, nullptr, kHwprobeWhichCpus, 0},
  };
  for (const HwprobeArguments& c : writable) BadInputCase(batch, vdso, c, c.pairs != nullptr);
  const HwprobeArguments bad_pairs[] = {
      {"riscv_hwprobe.pairs_null.count_1", nullptr, 1, 0, nullptr, 0, 0},
      {"riscv_hwprobe.pairs_unmapped.count_1", reinterpret_cast<std::int64_t*>(a.unmapped), 1, 0,
       nullptr, 0, 0},
      {"riscv_hwprobe.pairs_prot_none.count_1", reinterpret_cast<std::int64_t*>(a.prot_none), 1, 0,
       nullptr, 0, 0},
      {"riscv_hwprobe.pairs_read_only.count_1", reinterpret_cast<std::int64_t*>(a.read_only), 1, 0,
       nullptr, 0, 0},
  };
  for (const HwprobeArguments& c : bad_pairs) BadInputCase(batch, vdso, c, false);
}

}  // namespace

const OwnEntryHooks kRiscvHwprobeHooks{
    .run_diff = &RunDiff,
    .write_diff = &WriteDiff,
    .prepare_fallback = &PrepareFallback,
    .fallback = &Fallback,
    .mremap_call = &MremapCallAfter,
    .bad_input = &BadInput,
};

}  // namespace vdsoconf::agent::arch
