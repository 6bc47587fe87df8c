// Small file and text helpers for the guest (no exceptions escape them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vdsoconf::agent {

// The whole file, or nullopt when it cannot be opened or read. Reads until EOF, so it works
// for /proc and /sys files whose st_size is 0.
std::optional<std::string> ReadWholeFile(const char* path);

// Everything readable from `fd` until end of file (EINTR retried; an error ends the read).
std::string ReadWholeFdUntilEof(int fd);

// Writes all of `bytes` to `fd` (EINTR retried). Stops quietly when the other end is gone: the
// callers (a child's report, the console) have nobody to tell.
void WriteAll(int fd, std::string_view bytes);

// `text` split at `separator`, keeping empty pieces.
std::vector<std::string> Split(std::string_view text, char separator);

// Lowercase hex of the bytes, two digits each.
std::string HexBytes(std::string_view bytes);

}  // namespace vdsoconf::agent
