#include "vdsoconf/targets/riscv/initramfs.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "vdsoconf/core/exit_code.h"

namespace vdsoconf::targets::riscv {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InfraError("cannot read the init program " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) throw InfraError("the init program " + path.string() + " is empty");
  return bytes;
}

void Check(archive* a, int status, const std::string& what, const std::filesystem::path& output) {
  if (status != ARCHIVE_OK) {
    throw InfraError("writing initramfs " + output.string() + ": " + what + ": " +
                     (archive_error_string(a) ? archive_error_string(a) : "unknown error"));
  }
}

void AddEntry(archive* a, const std::filesystem::path& output, const char* name, mode_t type,
              unsigned mode, const std::string& bytes = "", dev_t device = 0) {
  std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), name);
  archive_entry_set_filetype(entry.get(), type);
  archive_entry_set_perm(entry.get(), mode);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
  if (device != 0) archive_entry_set_rdev(entry.get(), device);
  Check(a, archive_write_header(a, entry.get()), std::string("header of ") + name, output);
  if (!bytes.empty()) {
    la_ssize_t written = archive_write_data(a, bytes.data(), bytes.size());
    if (written != static_cast<la_ssize_t>(bytes.size())) {
      Check(a, ARCHIVE_FATAL, std::string("data of ") + name, output);
    }
  }
}

}  // namespace

void WriteInitramfs(const std::filesystem::path& init_program, const std::filesystem::path& output,
                    unsigned init_mode) {
  std::string init_bytes = ReadWhole(init_program);
  std::unique_ptr<archive, ArchiveCloser> a(archive_write_new());
  Check(a.get(), archive_write_set_format_cpio_newc(a.get()), "newc format", output);
  Check(a.get(), archive_write_add_filter_gzip(a.get()), "gzip filter", output);
  Check(a.get(), archive_write_open_filename(a.get(), output.c_str()), "open", output);
  try {
    for (const char* dir : {"dev", "proc", "sys", "tmp"}) {
      AddEntry(a.get(), output, dir, AE_IFDIR, 0755);
    }
    AddEntry(a.get(), output, "dev/console", AE_IFCHR, 0600, "", makedev(5, 1));
    AddEntry(a.get(), output, "init", AE_IFREG, init_mode, init_bytes);
    Check(a.get(), archive_write_close(a.get()), "close", output);
  } catch (...) {
    a.reset();
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
    throw;
  }
}

}  // namespace vdsoconf::targets::riscv
