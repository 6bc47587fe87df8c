// The checksum of the agent protocol's frames: zlib's crc32 (reflected polynomial 0xEDB88320,
// initial and final xor 0xFFFFFFFF), so any crc32 tool can check a frame by hand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vdsoconf::protocol {

std::uint32_t Crc32(std::string_view bytes);

// Eight lower-case hex digits: how frames write a CRC.
std::string CrcHex(std::uint32_t crc);

}  // namespace vdsoconf::protocol
