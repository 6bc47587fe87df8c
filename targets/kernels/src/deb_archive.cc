#include "vdsoconf/kernels/deb_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <fstream>
#include <functional>
#include <memory>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::kernels {
namespace {

namespace fs = std::filesystem;

using ReadArchive = std::unique_ptr<archive, decltype(&archive_read_free)>;

ReadArchive NewReader() {
  ReadArchive reader(archive_read_new(), &archive_read_free);
  archive_read_support_format_all(reader.get());
  archive_read_support_filter_all(reader.get());
  return reader;
}

std::string Error(archive* a) {
  const char* message = archive_error_string(a);
  return message ? message : "unknown libarchive error";
}

std::string Normalise(std::string path) {
  while (path.starts_with("./") || path.starts_with("/")) path.erase(0, path[0] == '/' ? 1 : 2);
  return path;
}

// The source of a nested archive: the current entry of `outer`, read through its own buffer
// (each nesting level needs one; a shared buffer would be overwritten while still being decoded).
struct NestedSource {
  archive* outer;
  std::array<char, 1 << 16> buffer;
};

la_ssize_t ReadFromOuter(archive* inner, void* client, const void** buffer) {
  auto* source = static_cast<NestedSource*>(client);
  la_ssize_t n = archive_read_data(source->outer, source->buffer.data(), source->buffer.size());
  if (n < 0) archive_set_error(inner, EIO, "%s", archive_error_string(source->outer));
  *buffer = source->buffer.data();
  return n;
}

// A reader over the current entry of another reader; keeps its source alive with it.
struct NestedReader {
  std::unique_ptr<NestedSource> source;
  ReadArchive reader{nullptr, &archive_read_free};
  archive* get() const { return reader.get(); }
};

NestedReader OpenNested(archive* outer, const std::string& what) {
  NestedReader nested{std::make_unique<NestedSource>(), NewReader()};
  nested.source->outer = outer;
  if (archive_read_open(nested.get(), nested.source.get(), nullptr, ReadFromOuter, nullptr) !=
      ARCHIVE_OK) {
    throw InfraError("cannot read " + what + ": " + Error(nested.get()));
  }
  return nested;
}

// Calls `visit(reader, path)` for each regular file of the .deb's data member, until it returns
// false. The reader is positioned at that file's data.
void ForEachDataFile(const fs::path& deb,
                     const std::function<bool(archive*, const std::string&)>& visit) {
  ReadArchive outer = NewReader();
  if (archive_read_open_filename(outer.get(), deb.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw InfraError("cannot open package " + deb.string() + ": " + Error(outer.get()));
  }
  archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(outer.get(), &entry)) == ARCHIVE_OK) {
    if (!std::string(archive_entry_pathname(entry)).starts_with("data.tar")) continue;
    NestedReader data = OpenNested(outer.get(), "the data member of " + deb.string());
    archive_entry* file = nullptr;
    int data_status;
    while ((data_status = archive_read_next_header(data.get(), &file)) == ARCHIVE_OK) {
      if (archive_entry_filetype(file) != AE_IFREG) continue;
      if (!visit(data.get(), Normalise(archive_entry_pathname(file)))) return;
    }
    if (data_status != ARCHIVE_EOF) {
      throw InfraError("corrupt data member in " + deb.string() + ": " + Error(data.get()));
    }
    return;
  }
  if (status != ARCHIVE_EOF) {
    throw InfraError("cannot read package " + deb.string() + ": " + Error(outer.get()));
  }
  throw InfraError(deb.string() + " is not a Debian package: it has no data.tar member");
}

void CopyData(archive* reader, const fs::path& dest, const std::string& what) {
  std::ofstream out(dest, std::ios::binary | std::ios::trunc);
  if (!out) throw InfraError("cannot create " + dest.string());
  std::array<char, 1 << 16> buffer;
  la_ssize_t n;
  while ((n = archive_read_data(reader, buffer.data(), buffer.size())) > 0) {
    out.write(buffer.data(), n);
  }
  if (n < 0) throw InfraError("cannot read " + what + ": " + Error(reader));
  out.close();
  if (!out) throw InfraError("cannot write " + dest.string());
}

void UnpackInto(archive* tarball, const fs::path& dest_dir, const std::string& what) {
  using WriteArchive = std::unique_ptr<archive, decltype(&archive_write_free)>;
  WriteArchive disk(archive_write_disk_new(), &archive_write_free);
  archive_write_disk_set_options(disk.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                                 ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                                 ARCHIVE_EXTRACT_SECURE_SYMLINKS);
  // Entry names are made relative (Normalise) and joined to dest_dir, which is absolute; so
  // SECURE_NOABSOLUTEPATHS cannot be used, and NODOTDOT + SYMLINKS keep entries inside dest_dir.
  archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(tarball, &entry)) == ARCHIVE_OK) {
    archive_entry_set_pathname(entry,
                               (dest_dir / Normalise(archive_entry_pathname(entry))).c_str());
    if (const char* link = archive_entry_hardlink(entry)) {
      archive_entry_set_hardlink(entry, (dest_dir / Normalise(link)).c_str());
    }
    if (archive_write_header(disk.get(), entry) != ARCHIVE_OK) {
      throw InfraError("cannot unpack " + std::string(archive_entry_pathname(entry)) + " from " +
                       what + ": " + Error(disk.get()));
    }
    const void* block;
    size_t size;
    la_int64_t offset;
    int data_status;
    while ((data_status = archive_read_data_block(tarball, &block, &size, &offset)) == ARCHIVE_OK) {
      if (archive_write_data_block(disk.get(), block, size, offset) != ARCHIVE_OK) {
        throw InfraError("cannot write " + std::string(archive_entry_pathname(entry)) + ": " +
                         Error(disk.get()));
      }
    }
    if (data_status != ARCHIVE_EOF) throw InfraError("corrupt " + what + ": " + Error(tarball));
    if (archive_write_finish_entry(disk.get()) != ARCHIVE_OK) {
      throw InfraError("cannot finish " + std::string(archive_entry_pathname(entry)) + ": " +
                       Error(disk.get()));
    }
  }
  if (status != ARCHIVE_EOF) throw InfraError("corrupt " + what + ": " + Error(tarball));
  if (archive_write_close(disk.get()) != ARCHIVE_OK) {
    throw InfraError("cannot finish unpacking " + what + ": " + Error(disk.get()));
  }
}

}  // namespace

std::vector<std::string> ListDebFiles(const fs::path& deb) {
  std::vector<std::string> files;
  ForEachDataFile(deb, [&](archive*, const std::string& path) {
    files.push_back(path);
    return true;
  });
  return files;
}

void ExtractDebFile(const fs::path& deb, const std::string& path_in_data, const fs::path& dest) {
  bool found = false;
  ForEachDataFile(deb, [&](archive* reader, const std::string& path) {
    if (path != path_in_data) return true;
    CopyData(reader, dest, path + " in " + deb.string());
    found = true;
    return false;
  });
  if (!found) throw InfraError(deb.string() + " does not contain " + path_in_data);
}

void UnpackTarballFromDeb(const fs::path& deb, const std::string& path_in_data,
                          const fs::path& dest_dir) {
  bool found = false;
  ForEachDataFile(deb, [&](archive* reader, const std::string& path) {
    if (path != path_in_data) return true;
    const std::string what = path + " in " + deb.string();
    NestedReader tarball = OpenNested(reader, what);
    UnpackInto(tarball.get(), dest_dir, what);
    found = true;
    return false;
  });
  if (!found) throw InfraError(deb.string() + " does not contain " + path_in_data);
}

}  // namespace vdsoconf::kernels
