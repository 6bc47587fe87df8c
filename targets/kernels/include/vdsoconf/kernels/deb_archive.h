// Reading files out of Debian packages without dpkg, by streaming them through libarchive.
//
// A .deb is an ar archive whose data member (data.tar.xz, .zst, .gz or plain) holds the files.
// linux-source-X adds one more level: its data holds /usr/src/linux-source-X.tar.xz, the source
// tree. Each level is read as a stream from the one above, so a 150 MB package unpacks into a
// 1.4 GB tree without writing any intermediate file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vdsoconf::kernels {

// Paths of the regular files in the package's data member, without the leading "./" or "/"
// (e.g. "usr/lib/modules/7.2.13+deb14-riscv64/vmlinuz"). Throws InfraError when `deb` is not a
// readable .deb (no data member, corrupt compression).
std::vector<std::string> ListDebFiles(const std::filesystem::path& deb);

// Copies the data member's regular file `path_in_data` (as ListDebFiles names it) to `dest`.
// Throws InfraError when the package does not hold it or cannot be read.
void ExtractDebFile(const std::filesystem::path& deb, const std::string& path_in_data,
                    const std::filesystem::path& dest);

// Unpacks the tar archive stored as `path_in_data` inside the package into `dest_dir` (which
// must exist). Entries that would land outside `dest_dir` (leading "/" is stripped; "..", symlinks
// followed out of the tree) are refused by libarchive's secure-extraction flags. Throws
// InfraError when the package does not hold it or any entry fails to unpack.
void UnpackTarballFromDeb(const std::filesystem::path& deb, const std::string& path_in_data,
                          const std::filesystem::path& dest_dir);

}  // namespace vdsoconf::kernels
