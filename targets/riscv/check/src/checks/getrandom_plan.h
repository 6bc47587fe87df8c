// The calls of check-image.getrandom and what the model (getrandom.h, chacha20.h) says each does.
//
// __vdso_getrandom(buffer, len, flags, opaque_state, opaque_len) keeps its state in caller
// memory. The executor's caller memory with chosen contents is the vvar mapping (Arg::VvarAddress),
// so the 144-byte opaque state lives in vvar scratch (the last 1 KiB of the last page; a second
// spot near the end of the rng page straddles a page for the -EFAULT gate). The vDSO writes the
// state back there and the executor does not reset it between calls of a batch (only writes and
// injections touch the vvar), so a call that sets no state sees the state the previous call left:
// chains of calls check state_after (pos, batch, refilled key) through the next call's output.
// Output goes to a fresh output buffer, compared byte for byte (bytes past the returned count keep
// protocol::kBufferFill).
//
// Every caught ecall returns the case's syscall_return: kSyscallSentinel normally, 32 where a
// reseed must succeed (the executor writes nothing, so the "new" key is the state's old key,
// which the model is then given as reseed_key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vdsoconf/reference/getrandom.h"
#include "vdsoconf/reference/layout.h"
#include "vdsoconf/riscv/executor/executor.h"

namespace vdsoconf::riscv::check {

struct GetrandomStep {
  std::string label;
  // The state written before the call; nullopt: the state the previous step left.
  std::optional<ref::VgetrandomState> state;
  bool buffer_is_null = false;
  std::uint64_t len = 0;
  std::uint32_t flags = 0;
  std::uint64_t opaque_len = ref::kVgetrandomStateSize;
  enum class Where { kScratch, kStraddling, kParamsBuffer } where = Where::kScratch;
  std::int64_t syscall_return = 0;
};

// A chain of steps run in order on one vvar state.
struct GetrandomChain {
  std::string name;
  std::vector<GetrandomStep> steps;
};

// The chains for a vvar state whose rng generation is `generation`: the params query, each gate
// (straddling state, unknown flags, wrong opaque_len, len 0, in use, generation mismatch with a
// reseed that fails and one that succeeds), outputs from the batch, whole blocks and refills, and
// chains of calls sharing one state. Deterministic.
std::vector<GetrandomChain> BuildGetrandomChains(std::uint64_t generation);

// Offsets in the vvar of the two state spots.
std::uint32_t GetrandomScratchOffset(const ref::Layout& layout);
std::uint32_t GetrandomStraddlingOffset(const ref::Layout& layout);

// What the executor must report for one step.
struct GetrandomExpectation {
  enum class Kind { kReturned, kFault } kind = Kind::kReturned;
  std::int64_t return_value = 0;
  struct Ecall {
    std::uint64_t number = 0;
    std::vector<std::optional<std::uint64_t>> args;  // nullopt: a non-NULL pointer
  };
  std::vector<Ecall> ecalls;
  std::vector<std::uint8_t> buffer;  // the output buffer (or the params buffer) after the call
  std::string model;                 // route and reason, for reports
};

// Runs the model over the chain: one expectation per step (nullopt where the model cannot say,
// after which the chain's later steps are not judged either). `vvar_address` is where the
// executor maps the vvar.
std::vector<std::optional<GetrandomExpectation>> PredictGetrandomChain(const GetrandomChain& chain,
                                                                       const ref::VvarState& vvar,
                                                                       const ref::Layout& layout,
                                                                       std::uint64_t vvar_address);

// The requests for the chain; the first carries `vvar_bytes` as the full baseline.
std::vector<CallRequest> GetrandomRequests(const GetrandomChain& chain, std::uint64_t entry,
                                           const ref::Layout& layout,
                                           const std::vector<std::uint8_t>& vvar_bytes);

// "" when `observed` is `expected`; else the first difference with both values.
std::string CompareGetrandom(const CallResult& observed, const GetrandomExpectation& expected);

}  // namespace vdsoconf::riscv::check
