#include "vdsoconf/riscv/image/kernel_scan.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>

namespace vdsoconf::riscv {
namespace {

bool LooksCompressed(const std::vector<std::uint8_t>& head) {
  auto starts = [&head](std::initializer_list<std::uint8_t> magic) {
    return head.size() >= magic.size() && std::equal(magic.begin(), magic.end(), head.begin());
  };
  return starts({0x1f, 0x8b}) || starts({0xfd, '7', 'z', 'X', 'Z', 0x00}) ||
         starts({0x28, 0xb5, 0x2f, 0xfd}) || starts({'B', 'Z', 'h'}) ||
         starts({0x04, 0x22, 0x4d, 0x18});
}

std::vector<std::uint8_t> Decompress(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(),
                                                                &archive_read_free);
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_raw(reader.get());
  auto fail = [&path, &reader](const std::string& step) {
    const char* why = archive_error_string(reader.get());
    return ImageFormatError("cannot decompress " + path.string() + " (" + step + "): " +
                            (why ? why : "unknown error") + "; the file is truncated or corrupt");
  };
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw fail("open");
  }
  archive_entry* entry = nullptr;
  if (archive_read_next_header(reader.get(), &entry) != ARCHIVE_OK) throw fail("header");
  std::vector<std::uint8_t> out;
  std::uint8_t buffer[1 << 16];
  for (;;) {
    const la_ssize_t n = archive_read_data(reader.get(), buffer, sizeof buffer);
    if (n < 0) throw fail("data");
    if (n == 0) break;
    if (out.size() + static_cast<std::uint64_t>(n) > max_bytes) {
      throw ImageFormatError(path.string() + " decompresses to more than " +
                             std::to_string(max_bytes) + " bytes; refusing");
    }
    out.insert(out.end(), buffer, buffer + n);
  }
  return out;
}

}  // namespace

std::vector<std::uint8_t> ReadKernelFile(const std::filesystem::path& path,
                                         std::uint64_t max_bytes) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw InfraError("cannot read kernel file " + path.string() + ": " + error.message());
  if (size > max_bytes) {
    throw ImageFormatError(path.string() + " is " + std::to_string(size) +
                           " bytes; refusing over " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(size);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    throw InfraError("cannot read kernel file " + path.string());
  }
  if (LooksCompressed(bytes)) return Decompress(path, max_bytes);
  return bytes;
}

ScanResult ScanForVdsoImages(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t kHeader[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  ScanResult result;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const auto found = std::search(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end(),
                                   std::begin(kHeader), std::end(kHeader));
    if (found == bytes.end()) break;
    const auto offset = static_cast<std::size_t>(found - bytes.begin());
    at = offset + 1;
    if (bytes.size() - offset < 20) break;
    const std::uint16_t type =
        static_cast<std::uint16_t>(bytes[offset + 16] | (bytes[offset + 17] << 8));
    const std::uint16_t machine =
        static_cast<std::uint16_t>(bytes[offset + 18] | (bytes[offset + 19] << 8));
    if (type != kEtDyn || machine != kEmRiscv) continue;  // vmlinux itself, relocatable objects
    try {
      VdsoImage image = AnalyzeVdsoImage(bytes.subspan(offset), offset);
      at = offset + image.bytes.size();
      result.images.push_back(std::move(image));
    } catch (const ImageFormatError& e) {
      result.rejected.push_back("offset " + std::to_string(offset) + ": " + e.what());
    }
  }
  return result;
}

ScanResult ExtractVdsoImages(const std::filesystem::path& path) {
  const std::vector<std::uint8_t> bytes = ReadKernelFile(path);
  ScanResult result = ScanForVdsoImages(bytes);
  if (result.images.empty()) {
    std::string message = "no RISC-V vDSO image found in " + path.string() + " (" +
                          std::to_string(bytes.size()) +
                          " bytes scanned): not a RISC-V kernel, a truncated one, or a kernel "
                          "built without a vDSO";
    for (const auto& why : result.rejected) message += "\n  rejected candidate at " + why;
    throw ImageFormatError(message);
  }
  return result;
}

}  // namespace vdsoconf::riscv
