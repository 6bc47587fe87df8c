#include "call_codec.h"

#include <string>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::riscv::internal {

namespace p = protocol;

namespace {

void EncodeWrite(wire::Writer& w, const VvarWrite& write) {
  w.U32(write.offset);
  w.U32(static_cast<std::uint32_t>(write.bytes.size()));
  w.Bytes(write.bytes);
}

}  // namespace

void EncodeCall(wire::Writer& w, const CallRequest& call, std::size_t vvar_size,
                const std::vector<std::uint8_t>* full_vvar) {
  if (call.args.size() > p::kMaxArgs) throw InfraError("a vDSO call takes at most 6 arguments");
  w.U64(call.entry_offset);
  w.U32(static_cast<std::uint32_t>(call.watchdog.count()));
  w.U32(call.spin_pauses);
  w.U64(static_cast<std::uint64_t>(call.syscall_return));
  w.U32(static_cast<std::uint32_t>(call.args.size()));
  for (const Arg& arg : call.args) {
    w.U32(static_cast<std::uint32_t>(arg.kind));
    w.U64(arg.value);
  }
  if (full_vvar != nullptr) {
    if (full_vvar->size() != vvar_size) {
      throw InfraError("vvar_full has " + std::to_string(full_vvar->size()) +
                       " bytes; the image expects " + std::to_string(vvar_size));
    }
    w.U32(1);
    w.Bytes(*full_vvar);
  } else {
    w.U32(0);
  }
  w.U32(static_cast<std::uint32_t>(call.vvar_writes.size()));
  for (const auto& write : call.vvar_writes) EncodeWrite(w, write);
  w.U32(static_cast<std::uint32_t>(call.counter_values.size()));
  for (std::uint64_t v : call.counter_values) w.U64(v);
  w.U32(static_cast<std::uint32_t>(call.injections.size()));
  for (const auto& injection : call.injections) {
    w.U32(static_cast<std::uint32_t>(injection.trigger));
    w.U32(injection.nth);
    EncodeWrite(w, injection.write);
  }
}

std::size_t EncodedSize(const CallRequest& call) {
  std::size_t size =
      8 + 4 + 4 + 8 + 4 + 12 * call.args.size() + 4 + 4 + 4 + 8 * call.counter_values.size() + 4;
  for (const auto& write : call.vvar_writes) size += 8 + write.bytes.size();
  for (const auto& injection : call.injections) size += 16 + injection.write.bytes.size();
  return size;
}

CallResult DecodeResult(wire::Reader& r, std::uint64_t image_address) {
  CallResult result;
  const std::uint32_t outcome_and_buffers = r.U32();
  result.outcome = static_cast<p::Outcome>(outcome_and_buffers & 0xff);
  const std::uint32_t buffers = (outcome_and_buffers >> 8) & 0xff;
  result.counter_reads = r.U32();
  result.pauses = r.U32();
  const std::uint32_t ecalls = r.U32();
  result.return_value = r.U64();
  if (result.outcome == p::Outcome::kFault) {
    result.signal = r.I32();
    result.si_code = r.I32();
    result.fault_address = r.U64();
    result.fault_pc = r.U64();
    result.fault_pc_offset = static_cast<std::int64_t>(result.fault_pc - image_address);
  }
  if (ecalls < 4096) result.ecalls.reserve(ecalls);
  for (std::uint32_t i = 0; i < ecalls && !r.failed(); ++i) {
    CaughtEcall e;
    e.number = r.U64();
    for (auto& a : e.args) a = r.U64();
    result.ecalls.push_back(e);
  }
  result.buffers.reserve(buffers);
  for (std::uint32_t i = 0; i < buffers && !r.failed(); ++i) {
    const auto bytes = r.Bytes(r.U32());
    result.buffers.emplace_back(bytes.begin(), bytes.end());
  }
  return result;
}

}  // namespace vdsoconf::riscv::internal
