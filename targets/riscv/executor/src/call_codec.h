// The host's encoding of calls and decoding of results (protocol.h, "Call" and "Result"), shared
// by the request kinds of VdsoExecutor. Internal to the executor library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "vdsoconf/riscv/executor/executor.h"
#include "vdsoconf/riscv/executor/wire.h"

namespace vdsoconf::riscv::internal {

// Appends `call`. `full_vvar`, when not null, is sent as the call's new vvar baseline instead of
// call.vvar_full and must be `vvar_size` bytes. Throws InfraError for more than 6 arguments or a
// full vvar of the wrong size.
void EncodeCall(wire::Writer& w, const CallRequest& call, std::size_t vvar_size,
                const std::vector<std::uint8_t>* full_vvar);

// The bytes EncodeCall appends for `call` without a full vvar image.
std::size_t EncodedSize(const CallRequest& call);

// Reads one result; fault_pc_offset is taken relative to `image_address`. A short reply sets
// r.failed() and yields a partial result.
CallResult DecodeResult(wire::Reader& r, std::uint64_t image_address);

}  // namespace vdsoconf::riscv::internal
