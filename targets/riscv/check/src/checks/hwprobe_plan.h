// The calls of check-image.hwprobe and what the model (hwprobe.h) says each must do.
//
// __vdso_riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags) reads its input from the
// caller's memory, and the executor has two kinds of caller memory: fresh output buffers (filled
// with protocol::kBufferFill and returned after the call) and the vvar mapping itself
// (Arg::VvarAddress, readable and writable, contents chosen by the check). So:
//   - pairs and cpu sets with chosen contents live in vvar padding (kScratchOffset of the last
//     page, bytes no reader of any generation touches; the field-sensitivity check shows that
//     for clock calls). What the vDSO writes back there is not returned: these calls compare the
//     route (answered or syscall fallback), the return value and the syscall's arguments.
//   - pairs and cpu sets in output buffers hold kBufferFill bytes: key 0xa5a5a5a5a5a5a5a5 is
//     negative, an invalid key, and a cpu set of 0xa5 bytes is a partial set. These calls also
//     compare every byte the vDSO writes back.
// Dimensions: key sets (valid, invalid, huge, mixed, none), cpu sets (NULL with size 0, NULL with
// size 8, all CPUs, empty, partial, fill-byte buffer), flags (0, WHICH_CPUS, an unknown bit,
// WHICH_CPUS plus an unknown bit), and the states the caller passes (ready/homogeneous,
// heterogeneous, not ready).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reference/layout.h"
#include "vdsoconf/reference/riscv/hwprobe.h"
#include "vdsoconf/riscv/check/expected_call.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

// One call: where its pointers point and what the memory holds.
struct HwprobeCase {
  std::string label;  // "keys=valid cpus=partial flags=WHICH_CPUS pairs=vvar"
  bool pairs_in_vvar = true;
  std::vector<ref::riscv::HwprobePair> pairs;  // in vvar: as written; in a buffer: fill-byte pairs
  enum class Cpus { kNullSize0, kNullSize8, kVvar, kBuffer } cpus = Cpus::kNullSize0;
  std::vector<std::uint8_t> cpu_bytes;  // kVvar: the set written into vvar (its size = cpusetsize)
  std::uint64_t cpusetsize = 0;
  std::uint32_t flags = 0;
};

// Every case for `generation` (6.12 or 7.2; empty for generations without hwprobe).
std::vector<HwprobeCase> BuildHwprobeCases(ref::Generation generation);

// Where the scratch memory starts: the last 1 KiB of the last vvar page.
std::uint32_t HwprobeScratchOffset(const ref::Layout& layout);

// The request (pairs/cpus written into vvar scratch by vvar_writes where they live there), with
// `vvar` (the state's bytes) as the full baseline.
CallRequest HwprobeRequest(const HwprobeCase& hwprobe_case, std::uint64_t entry,
                           const ref::Layout& layout, const std::vector<std::uint8_t>& vvar);

// The model's answer; nullopt when the model cannot say (kInvalidInput). `vvar_address` is where
// the executor maps the vvar (the syscall's pointer arguments are exact for vvar memory).
std::optional<ExpectedCall> PredictHwprobe(const HwprobeCase& hwprobe_case,
                                           const ref::VvarState& state, const ref::Layout& layout,
                                           std::uint64_t vvar_address,
                                           ref::riscv::HwprobeResult* model = nullptr);

}  // namespace vdsoconf::riscv::check
