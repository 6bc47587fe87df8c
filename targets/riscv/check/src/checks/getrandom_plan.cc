#include "getrandom_plan.h"

#include <sstream>

#include "vdsoconf/riscv/check/check_recorder.h"
#include "vdsoconf/riscv/check/expected_call.h"

namespace vdsoconf::riscv::check {
namespace {

using Step = GetrandomStep;
using Where = GetrandomStep::Where;
constexpr std::uint32_t kScratchBytes = 1024;
constexpr std::uint64_t kKeyOffset = ref::kVgetrandomBatchSize;  // key[] after batch[96]

// A state with recognisable batch and key bytes.
ref::VgetrandomState MakeState(std::uint64_t generation, std::uint8_t pos, std::uint8_t in_use,
                               std::uint8_t seed) {
  ref::VgetrandomState state;
  for (std::size_t i = 0; i < state.batch_key.size(); ++i) {
    state.batch_key[i] = static_cast<std::uint8_t>(seed + 7 * i);
  }
  state.generation = generation;
  state.pos = pos;
  state.in_use = in_use;
  return state;
}

Step Call(std::string label, std::optional<ref::VgetrandomState> state, std::uint64_t len,
          std::uint32_t flags = 0) {
  Step step;
  step.label = std::move(label);
  step.state = std::move(state);
  step.len = len;
  step.flags = flags;
  step.syscall_return = kSyscallSentinel;
  return step;
}

}  // namespace

std::uint32_t GetrandomScratchOffset(const ref::Layout& layout) {
  return layout.page_count * ref::kPageSize - kScratchBytes;
}

std::uint32_t GetrandomStraddlingOffset(const ref::Layout& layout) {
  // 100 bytes before the last page: the 144-byte state crosses into it.
  return (layout.page_count - 1) * ref::kPageSize - 100;
}

std::vector<GetrandomChain> BuildGetrandomChains(std::uint64_t generation) {
  const std::uint64_t g = generation;
  const auto fresh = MakeState(g, 96, 0, 1);  // batch used up: the next call refills
  std::vector<GetrandomChain> chains;
  {
    Step query = Call("params query", std::nullopt, 0);
    query.buffer_is_null = true;
    query.opaque_len = ref::kOpaqueLenQuery;
    query.where = Where::kParamsBuffer;
    chains.push_back({"params", {query}});
  }
  {
    Step straddle = Call("state straddles a page", fresh, 16);
    straddle.where = Where::kStraddling;
    chains.push_back({"straddling", {straddle}});
  }
  chains.push_back({"unknown-flags", {Call("flags 0x8", fresh, 16, 0x8)}});
  {
    Step wrong_len = Call("opaque_len 100", fresh, 16);
    wrong_len.opaque_len = 100;
    chains.push_back({"wrong-opaque-len", {wrong_len}});
  }
  chains.push_back({"len-0", {Call("len 0", fresh, 0)}});
  chains.push_back({"in-use", {Call("in_use 1", MakeState(g, 96, 1, 2), 16)}});
  chains.push_back({"reseed-fails",
                    {Call("generation mismatch, reseed fails", MakeState(g + 1, 96, 0, 3), 16)}});
  {
    Step reseed = Call("generation mismatch, reseed returns 32", MakeState(g + 1, 40, 0, 4), 50);
    reseed.syscall_return = 32;
    chains.push_back({"reseed", {reseed, Call("after the reseed", std::nullopt, 50)}});
  }
  chains.push_back({"from-batch", {Call("5 bytes from the batch", MakeState(g, 90, 0, 5), 5)}});
  chains.push_back(
      {"batch-then-refill", {Call("16 bytes across a refill", MakeState(g, 90, 0, 6), 16)}});
  chains.push_back({"blocks", {Call("200 bytes: 3 blocks, refill", MakeState(g, 96, 0, 7), 200)}});
  chains.push_back({"nonblock-insecure", {Call("GRND_NONBLOCK|GRND_INSECURE", fresh, 24, 0x5)}});
  chains.push_back({"random-insecure",
                    {Call("GRND_RANDOM|GRND_INSECURE (documented divergence)", fresh, 24, 0x6)}});
  {
    Step null_buffer = Call("NULL buffer, len 8", fresh, 8);
    null_buffer.buffer_is_null = true;
    chains.push_back({"null-buffer", {null_buffer}});
  }
  chains.push_back({"chain",
                    {Call("40 bytes", MakeState(g, 0, 0, 8), 40),
                     Call("40 more from the state left", std::nullopt, 40),
                     Call("100 more", std::nullopt, 100), Call("1 more", std::nullopt, 1)}});
  return chains;
}

std::vector<std::optional<GetrandomExpectation>> PredictGetrandomChain(const GetrandomChain& chain,
                                                                       const ref::VvarState& vvar,
                                                                       const ref::Layout& layout,
                                                                       std::uint64_t vvar_address) {
  std::vector<std::optional<GetrandomExpectation>> out;
  std::optional<ref::VgetrandomState> left;  // what the previous step left in memory
  bool lost = false;
  for (const Step& step : chain.steps) {
    if (step.state) left = step.state;
    // The params query never reads a state: it writes to its own buffer.
    if (step.where == Where::kParamsBuffer && !left) left = ref::VgetrandomState{};
    if (lost || !left) {
      out.push_back(std::nullopt);
      lost = true;
      continue;
    }
    const std::uint64_t state_address =
        step.where == Where::kStraddling ? vvar_address + GetrandomStraddlingOffset(layout)
        : step.where == Where::kScratch  ? vvar_address + GetrandomScratchOffset(layout)
                                         : 0x1000;
    ref::GetrandomCall call;
    call.buffer_is_null = step.buffer_is_null;
    call.len = step.len;
    call.flags = step.flags;
    call.opaque_state_address = state_address;
    call.opaque_len = step.opaque_len;
    call.state = *left;
    if (step.syscall_return == static_cast<std::int64_t>(ref::kChachaKeySize)) {
      // The caught ecall writes nothing: the key after the "reseed" is the old one.
      std::array<std::uint8_t, ref::kChachaKeySize> key{};
      std::copy(left->KeyBytes().begin(), left->KeyBytes().end(), key.begin());
      call.reseed_key = key;
    }
    const ref::GetrandomResult model = ref::ModelVdsoGetrandom(vvar, call);
    GetrandomExpectation expected;
    expected.model = std::string(ref::GetrandomFallbackReasonName(model.reason));
    const std::uint64_t buffer_size = step.where == Where::kParamsBuffer
                                          ? ref::kVgetrandomParamsSize
                                      : step.buffer_is_null ? 0
                                                            : step.len;
    expected.buffer.assign(buffer_size, protocol::kBufferFill);
    if (model.reseeded) {
      expected.ecalls.push_back({static_cast<std::uint64_t>(ref::kSyscallGetrandom),
                                 {state_address + kKeyOffset, 32, 0}});
    }
    switch (model.route) {
      case ref::GetrandomRoute::kParamsReturned: {
        const auto params = ref::EncodeOpaqueParams(*model.params);
        expected.buffer.assign(params.begin(), params.end());
        expected.return_value = model.return_value;
        break;
      }
      case ref::GetrandomRoute::kVdsoAnswered:
        std::copy(model.output.begin(), model.output.end(), expected.buffer.begin());
        expected.return_value = model.return_value;
        break;
      case ref::GetrandomRoute::kSyscallFallback:
        expected.ecalls.push_back(
            {static_cast<std::uint64_t>(ref::kSyscallGetrandom),
             {step.buffer_is_null ? std::optional<std::uint64_t>(0) : std::nullopt, step.len,
              step.flags}});
        expected.return_value = step.syscall_return;
        break;
      case ref::GetrandomRoute::kFaults:
        expected.kind = GetrandomExpectation::Kind::kFault;
        break;
      case ref::GetrandomRoute::kNoEntryPoint:
      case ref::GetrandomRoute::kInvalidInput:
        out.push_back(std::nullopt);
        lost = true;
        continue;
    }
    expected.model = "route " + std::to_string(static_cast<int>(model.route)) + " reason " +
                     expected.model + (model.reseeded ? " reseeded" : "");
    // A fault leaves the state in an unknown condition for the next step.
    if (model.route == ref::GetrandomRoute::kFaults) lost = true;
    if (step.where == Where::kScratch) left = model.state_after;
    out.push_back(std::move(expected));
  }
  return out;
}

std::vector<CallRequest> GetrandomRequests(const GetrandomChain& chain, std::uint64_t entry,
                                           const ref::Layout& layout,
                                           const std::vector<std::uint8_t>& vvar_bytes) {
  std::vector<CallRequest> requests;
  for (const Step& step : chain.steps) {
    CallRequest call;
    call.entry_offset = entry;
    if (requests.empty()) call.vvar_full = vvar_bytes;
    std::uint32_t state_offset = GetrandomScratchOffset(layout);
    if (step.where == Where::kStraddling) state_offset = GetrandomStraddlingOffset(layout);
    if (step.state && step.where != Where::kParamsBuffer) {
      const auto bytes = ref::EncodeVgetrandomState(*step.state);
      call.vvar_writes.push_back(
          {state_offset, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
    }
    const Arg buffer = step.buffer_is_null || step.where == Where::kParamsBuffer
                           ? Arg::Value(0)
                           : Arg::OutputBuffer(step.len);
    const Arg opaque = step.where == Where::kParamsBuffer
                           ? Arg::OutputBuffer(ref::kVgetrandomParamsSize)
                           : Arg::VvarAddress(state_offset);
    call.args = {buffer, Arg::Value(step.len), Arg::Value(step.flags), opaque,
                 Arg::Value(step.opaque_len)};
    call.syscall_return = step.syscall_return;
    call.watchdog = std::chrono::milliseconds(200);
    requests.push_back(std::move(call));
  }
  return requests;
}

std::string CompareGetrandom(const CallResult& observed, const GetrandomExpectation& expected) {
  const bool fault = observed.outcome == protocol::Outcome::kFault;
  if (expected.kind == GetrandomExpectation::Kind::kFault || fault ||
      observed.outcome != protocol::Outcome::kReturned) {
    if (expected.kind == GetrandomExpectation::Kind::kFault && fault) return "";
    return "outcome: image " + observed.Describe() + ", model " +
           (expected.kind == GetrandomExpectation::Kind::kFault ? "fault" : "returns");
  }
  if (observed.ecalls.size() != expected.ecalls.size()) {
    return "ecalls: image " + observed.Describe() + ", model " +
           std::to_string(expected.ecalls.size()) + " (" + expected.model + ")";
  }
  for (std::size_t i = 0; i < expected.ecalls.size(); ++i) {
    const auto& want = expected.ecalls[i];
    const auto& got = observed.ecalls[i];
    if (got.number != want.number) {
      return "ecall " + std::to_string(i) + ": image nr " + std::to_string(got.number) +
             ", model " + std::to_string(want.number);
    }
    for (std::size_t a = 0; a < want.args.size(); ++a) {
      const bool ok = want.args[a] ? got.args[a] == *want.args[a] : got.args[a] != 0;
      if (!ok) {
        return "ecall " + std::to_string(i) + " a" + std::to_string(a) + ": image " +
               std::to_string(got.args[a]) + ", model " +
               (want.args[a] ? std::to_string(*want.args[a]) : std::string("non-NULL"));
      }
    }
  }
  if (static_cast<std::int64_t>(observed.return_value) != expected.return_value) {
    return "return value: image " +
           std::to_string(static_cast<std::int64_t>(observed.return_value)) + ", model " +
           std::to_string(expected.return_value);
  }
  const std::vector<std::uint8_t> none;
  const std::vector<std::uint8_t>& buffer = observed.buffers.empty() ? none : observed.buffers[0];
  if (buffer != expected.buffer) {
    return "buffer: image " + HexBytes(buffer) + ", model " + HexBytes(expected.buffer);
  }
  return "";
}

}  // namespace vdsoconf::riscv::check
