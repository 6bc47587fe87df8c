// SHA-256 of files and byte strings, as lowercase hex. Used for cache keys and provenance.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace vdsoconf {

std::string Sha256Hex(std::string_view bytes);
// Throws InfraError when the file cannot be read.
std::string Sha256File(const std::filesystem::path& path);

}  // namespace vdsoconf
