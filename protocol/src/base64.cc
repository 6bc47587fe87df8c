#include "vdsoconf/protocol/base64.h"

#include <cstdint>

namespace vdsoconf::protocol {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::optional<std::string> Refuse(std::string* problem, const char* why) {
  if (problem != nullptr) *problem = why;
  return std::nullopt;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t rest = bytes.size() - i;
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest > 1) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (rest > 2) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out += rest > 2 ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text, std::string* problem) {
  if (text.size() % 4 != 0) return Refuse(problem, "length not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const int padding = (text[i + 3] == '=') + (text[i + 2] == '=');
    if (padding > 0 && i + 4 != text.size()) return Refuse(problem, "padding before the end");
    if (text[i + 2] == '=' && text[i + 3] != '=') return Refuse(problem, "bad padding");
    std::uint32_t group = 0;
    for (int k = 0; k < 4 - padding; ++k) {
      const std::size_t at = kAlphabet.find(text[i + static_cast<std::size_t>(k)]);
      if (at == std::string_view::npos) return Refuse(problem, "invalid character");
      group |= static_cast<std::uint32_t>(at) << (18 - 6 * k);
    }
    out += static_cast<char>(group >> 16);
    if (padding < 2) out += static_cast<char>((group >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(group & 0xff);
  }
  return out;
}

}  // namespace vdsoconf::protocol
