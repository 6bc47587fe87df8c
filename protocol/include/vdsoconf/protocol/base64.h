// RFC 4648 base64 with padding: how the agent protocol carries bytes in text (the data frames,
// and byte runs inside documents).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vdsoconf::protocol {

std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes, or nullopt when it is not padded base64 (a length that is not a
// multiple of 4, a character outside the alphabet, padding anywhere but at the end). `problem`,
// when given, receives why ("length not a multiple of 4", "invalid character", "bad padding",
// "padding before the end"). The empty text is the empty string.
std::optional<std::string> Base64Decode(std::string_view text, std::string* problem = nullptr);

}  // namespace vdsoconf::protocol
